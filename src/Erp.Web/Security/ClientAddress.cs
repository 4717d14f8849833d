using System.Net;

namespace Erp.Web.Security;

/// <summary>
/// The client's address as the app sees it after the forwarded-headers middleware, which only
/// believes X-Forwarded-For from the configured proxies (<see cref="ForwardedHeadersSetup"/>): rate
/// limits, the sign-in throttle and the write context all use this one value.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Normalize(context.Connection.RemoteIpAddress) ?? "unknown";

    public static string? Normalize(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
