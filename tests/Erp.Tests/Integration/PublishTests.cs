using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Erp.Tests.Support;

namespace Erp.Tests.Integration;

public sealed class PublishTests
{
    [Fact]
    public async Task Publish_from_a_clean_copy_serves_htmx_from_the_npm_package()
    {
        var work = Directory.CreateTempSubdirectory("erp-publish-");
        try
        {
            // A clean state: sources only, no node_modules, no wwwroot/lib, no bin/obj.
            await RunAsync("git", $"-C \"{RepoPaths.Root}\" ls-files -z --cached --others --exclude-standard -- src wwwroot package.json package-lock.json global.json Directory.Build.props Directory.Packages.props",
                null, output =>
                {
                    foreach (var file in output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct())
                    {
                        var source = Path.Combine(RepoPaths.Root, file);
                        var target = Path.Combine(work.FullName, file);
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        var link = new FileInfo(source).LinkTarget;
                        if (link is not null)
                        {
                            File.CreateSymbolicLink(target, link);
                        }
                        else if (File.Exists(source))
                        {
                            File.Copy(source, target);
                        }
                    }
                });
            Assert.False(Directory.Exists(Path.Combine(work.FullName, "node_modules")));
            Assert.False(Directory.Exists(Path.Combine(work.FullName, "wwwroot", "lib")));

            var output = Path.Combine(work.FullName, "out");
            await RunAsync("dotnet", $"publish src/Erp.Web -c Release -o \"{output}\" -nologo -v q", work.FullName);

            await using var db = await TestDatabase.CreateAsync();
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", $"Erp.Web.dll --urls http://127.0.0.1:{port}")
            {
                WorkingDirectory = output,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["ConnectionStrings__Erp"] = db.ConnectionString,
                    ["ConnectionStrings__Redis"] = TestDatabase.RedisConnectionString,
                    ["Cursor__SigningKey"] = "publish-test-signing-key-0123456789abcdef",
                    ["Jwt__SigningKey"] = "publish-test-token-signing-key-0123456789",
                    ["Company__Name"] = "Publish Test Ltd",
                },
            };
            start.Environment.Remove("ConnectionStrings__ErpOwner"); // one account (the owner) here
            start.Environment.Remove("Database__AppRole");
            using var app = Process.Start(start)!;
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                var response = await WaitForAsync(http, "/lib/htmx/htmx.min.js", app);

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("htmx", await response.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

                // The front-end budget (ADR 0014), measured on the published app as a browser gets it: every
                // script the layout loads (htmx + ours) at most 25 KB gzipped, the CSS at most 15 KB, each
                // fingerprinted, compressed and cached for a year.
                var login = await (await http.GetAsync("/login")).ReadHtmlAsync();
                var scripts = login.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).ToList();
                var styles = login.QuerySelectorAll("link[rel=stylesheet]").Select(s => s.GetAttribute("href")!).ToList();
                Assert.Contains(scripts, s => s.Contains("keyset-list"));
                long scriptBytes = 0, cssBytes = 0;
                foreach (var url in scripts.Concat(styles))
                {
                    Assert.DoesNotContain("?", url);
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));
                    var asset = await http.SendAsync(request);
                    Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
                    Assert.Contains("gzip", asset.Content.Headers.ContentEncoding);
                    Assert.Equal(TimeSpan.FromDays(365), asset.Headers.CacheControl?.MaxAge);
                    Assert.Contains(asset.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
                    var bytes = (await asset.Content.ReadAsByteArrayAsync()).LongLength; // HttpClient does not decompress by default
                    if (styles.Contains(url))
                    {
                        cssBytes += bytes;
                    }
                    else
                    {
                        scriptBytes += bytes;
                    }
                }
                Assert.True(scriptBytes is > 0 and <= 25 * 1024, $"scripts: {scriptBytes} B gzipped");
                Assert.True(cssBytes is > 0 and <= 15 * 1024, $"CSS: {cssBytes} B gzipped");
            }
            finally
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> WaitForAsync(HttpClient http, string path, Process app)
    {
        for (var i = 0; i < 120; i++)
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException("The published app exited: " + await app.StandardError.ReadToEndAsync() + await app.StandardOutput.ReadToEndAsync());
            }
            try
            {
                return await http.GetAsync(path);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }
        throw new TimeoutException("The published app did not answer within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string args, string? cwd, Action<string>? onOutput = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            WorkingDirectory = cwd ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {args} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        onOutput?.Invoke(await stdout);
    }
}
