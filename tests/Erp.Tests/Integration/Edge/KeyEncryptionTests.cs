using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Edge;

/// <summary>Data-protection keys are encrypted at rest when DataProtection:CertificatePath names a PFX (src/Erp.Web/Security/Authentication.cs).</summary>
public sealed class KeyEncryptionTests
{
    private static string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=erp-data-protection-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"erp-dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test-password"));
        return path;
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_still_sign_cookies_on_another_node()
    {
        var path = CreateCertificate();
        try
        {
            await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: b =>
            {
                b.UseSetting("DataProtection:CertificatePath", path);
                b.UseSetting("DataProtection:CertificatePassword", "test-password");
            });
            var client = await app.SignInAsync();

            var keys = await app.Database.ScalarAsync<string>("SELECT xml FROM data_protection_keys ORDER BY id LIMIT 1");
            Assert.Contains("encryptedSecret", keys);
            Assert.DoesNotContain("<value>", keys);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);

            // A second node with the same certificate decrypts the key ring and accepts a fresh sign-in.
            await using var second = app.StartSecondHost();
            Assert.Equal(HttpStatusCode.OK, (await (await second.SignInAsync()).GetAsync("/orders")).StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_in_plain_xml()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0);
        await app.SignInAsync();

        var keys = await app.Database.ScalarAsync<string>("SELECT xml FROM data_protection_keys ORDER BY id LIMIT 1");

        Assert.Contains("<value>", keys);
        Assert.DoesNotContain("encryptedSecret", keys);
    }
}
