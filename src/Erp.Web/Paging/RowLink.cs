using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Paging;

/// <summary>
/// The link from a list row to its record page (<c>/orders/{id}</c> and the like). Routing builds the URL
/// once per rendered list (route template and path base stay the single source) and each row appends its
/// id: generating a link per row through the anchor tag helper was a third of the CPU of a cached 50-row
/// fragment (docs/benchmarks.md, cache section).
/// </summary>
public sealed class RowLink
{
    private const long Probe = 987_654_321_012L;
    private readonly string _prefix;

    public RowLink(IUrlHelper url, string page)
    {
        var probe = Probe.ToString(CultureInfo.InvariantCulture);
        var sample = url.Page(page, new { id = Probe })
            ?? throw new InvalidOperationException($"No route to {page}.");
        if (!sample.EndsWith(probe, StringComparison.Ordinal))
            throw new InvalidOperationException($"The route of {page} does not end with the id ({sample}); RowLink cannot serve it.");
        _prefix = sample[..^probe.Length];
    }

    public string For(long id) => _prefix + id.ToString(CultureInfo.InvariantCulture);
}
