using System.Globalization;

namespace Erp.Web.Api;

/// <summary>
/// Entity tags from row versions: <c>"7"</c> for version 7 (a product adds its stock counters, which change
/// without a version bump). Order actions take the order's ETag in If-Match (ADR 0015).
/// </summary>
public static class ETags
{
    public static string Of(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    public static string Of(int version, int onHand, int reserved) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{version}.{onHand}.{reserved}\"");

    /// <summary>If-None-Match names this tag (weak comparison, as RFC 9110 says for If-None-Match) or is "*".</summary>
    public static bool NoneMatchHits(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var tag in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == etag)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The order version the client's If-Match names. Missing: 428. A tag that is no order version of ours
    /// (weak, malformed, several) can never match: 412. "*" stands for the current version (null).
    /// </summary>
    public static (int? Version, ApiAnswer? Refusal) IfMatchVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return (null, ApiProblems.Create(StatusCodes.Status428PreconditionRequired,
                "Send If-Match with the order's ETag (from GET /api/v1/orders/{id}): order actions refuse to act on an order you have not seen."));
        }
        if (header == "*")
        {
            return (null, null);
        }
        if (header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && int.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (version, null);
        }
        return (null, Stale());
    }

    public static ApiAnswer Stale() => ApiProblems.Create(StatusCodes.Status412PreconditionFailed,
        "The order was changed since you read it (its ETag is not the one sent in If-Match), so nothing was done. Read it again and retry.");
}

/// <summary>Endpoint metadata: the action needs If-Match (the OpenAPI document lists the header).</summary>
public sealed record IfMatchRequired;
