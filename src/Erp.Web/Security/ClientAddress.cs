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

    /// <summary>
    /// Who a limit counts (the sign-in throttle, the per-address rate limit): the IPv4 address, or an IPv6 address's
    /// /64 network. One IPv6 customer gets a whole /64 (2^64 addresses), so limits per full IPv6 address could be
    /// dodged by counting through it; logs and the audit trail keep the full address (<see cref="Of"/>).
    /// </summary>
    public static string LimitKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null || address.IsIPv4MappedToIPv6 || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return Of(context);
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string? Normalize(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
