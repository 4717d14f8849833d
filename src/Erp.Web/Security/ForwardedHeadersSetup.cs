using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Erp.Web.Security;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownIPNetworks</c> (CIDR).
/// ASP.NET Core trusts loopback by default; those defaults are cleared. With nothing configured the
/// middleware is not used at all (with both lists empty it would believe every sender), so no forwarded
/// header is believed and a client cannot choose its own address for the rate limits.
/// </summary>
public static class ForwardedHeadersSetup
{
    private sealed record Trusted(bool Any);

    public static void UseErpForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Trusted>().Any)
        {
            app.UseForwardedHeaders();
        }
    }

    public static void AddErpForwardedHeaders(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownIPNetworks").Get<string[]>() ?? [];
        var parsedProxies = proxies.Select(p => IPAddress.TryParse(p.Trim(), out var ip)
            ? ip
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address.")).ToList();
        var parsedNetworks = networks.Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var net)
            ? net
            : throw new InvalidOperationException($"ForwardedHeaders:KnownIPNetworks: '{n}' is not a network like 10.0.0.0/8.")).ToList();
        builder.Services.AddSingleton(new Trusted(parsedProxies.Count + parsedNetworks.Count > 0));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            parsedProxies.ForEach(o.KnownProxies.Add);
            parsedNetworks.ForEach(o.KnownIPNetworks.Add);
            o.ForwardLimit = section.GetValue("ForwardLimit", 1);
        });
    }
}
