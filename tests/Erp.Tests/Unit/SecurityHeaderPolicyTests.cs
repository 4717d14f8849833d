using System.Collections.Concurrent;
using Erp.Tests.Support;
using Erp.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Erp.Tests.Unit;

/// <summary>
/// The precomputed headers (src/Erp.Web/Security/SecurityHeaders.cs) and the buffered nonces (CspNonce.cs): what the
/// integration tests cannot reach cheaply — many nonces across buffer refills and threads, the API reference's own policy,
/// and HSTS left off for local hosts.
/// </summary>
public sealed class SecurityHeaderPolicyTests
{
    [Fact]
    public void Nonces_are_32_random_bytes_and_none_repeats_across_buffer_refills_and_threads()
    {
        var seen = new ConcurrentDictionary<string, bool>();
        var repeated = 0;

        // 500 nonces per thread cross the per-thread buffer (64 nonces) several times.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                var nonce = CspNonce.Create();
                Assert.Equal(CspNonce.Bytes, Convert.FromBase64String(nonce).Length);
                if (!seen.TryAdd(nonce, true))
                {
                    Interlocked.Increment(ref repeated);
                }
            }
        });

        Assert.Equal(0, repeated);
        Assert.Equal(4000, seen.Count);
        // No slice of zeros (a buffer handed out before it was filled, or a wiped slice handed out again).
        Assert.DoesNotContain(Convert.ToBase64String(new byte[CspNonce.Bytes]), seen.Keys);
    }

    [Fact]
    public void A_response_keeps_one_nonce_for_its_header_and_every_script_tag()
    {
        var context = new DefaultHttpContext();

        Assert.Equal(context.GetNonce(), context.GetNonce());
        Assert.NotEqual(context.GetNonce(), new DefaultHttpContext().GetNonce());
    }

    private static async Task<IHeaderDictionary> HeadersAsync(string environment, string scheme, string host, string path)
    {
        await using var app = EdgeCostTests.Build(b => b.AddErpSecurityHeaders(), environment);
        app.UseErpSecurityHeaders();
        var context = new DefaultHttpContext();
        var response = new StartedResponse();
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        context.Response.Headers.Server = "Kestrel";

        await ((IApplicationBuilder)app).Build()(context);
        var nonce = context.GetNonce(); // what the layout would have written on its script tags
        response.Start();

        var csp = context.Response.Headers.ContentSecurityPolicy.ToString();
        if (!path.StartsWith(SecurityHeaders.ApiReferencePath, StringComparison.Ordinal) || environment != "Development")
        {
            Assert.Contains($"script-src 'self' 'nonce-{nonce}';", csp, StringComparison.Ordinal);
        }
        Assert.False(context.Response.Headers.ContainsKey("Server"));
        return context.Response.Headers;
    }

    [Fact]
    public async Task The_api_reference_in_development_gets_inline_script_and_style_without_a_nonce_and_every_other_address_the_nonce()
    {
        var reference = (await HeadersAsync("Development", "http", "localhost", "/scalar/v1")).ContentSecurityPolicy.ToString();
        var page = (await HeadersAsync("Development", "http", "localhost", "/orders")).ContentSecurityPolicy.ToString();
        var productionReference = (await HeadersAsync("Production", "https", "erp.example", "/scalar/v1")).ContentSecurityPolicy.ToString();

        Assert.Contains("script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';", reference, StringComparison.Ordinal);
        Assert.DoesNotContain("nonce", reference, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", page, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", productionReference, StringComparison.Ordinal);
        foreach (var csp in new[] { reference, page, productionReference })
        {
            Assert.Contains("default-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; report-uri /csp-report",
                csp, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https", "erp.example", true)]
    [InlineData("https", "ERP.example:8443", true)]
    [InlineData("http", "erp.example", false)]
    [InlineData("https", "localhost", false)]
    [InlineData("https", "127.0.0.1:5001", false)]
    [InlineData("https", "[::1]:5001", false)]
    public async Task Hsts_is_sent_in_production_on_https_except_to_local_hosts(string scheme, string host, bool sent)
    {
        var headers = await HeadersAsync("Production", scheme, host, "/login");

        Assert.Equal(sent ? SecurityHeaders.StrictTransportSecurity : null, headers.StrictTransportSecurity.ToString() is { Length: > 0 } v ? v : null);
    }
}
