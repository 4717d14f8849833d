using System.Text.Json;

namespace Erp.Web.Htmx;

/// <summary>
/// The one htmx-config of the layout: which error answers are swapped, no history cache (no customer
/// data copied into sessionStorage), no eval, requests to this origin only.
/// </summary>
public static class HtmxSettings
{
    public static string ConfigJson { get; } = JsonSerializer.Serialize(new
    {
        // Swap validation, refusal (403), conflict, too-large (413) and rate-limit (429) answers (htmx 2 drops 4xx by default and
        // logs them); the server retargets 403, 413 and 429 to #notices.
        responseHandling = new object[]
        {
            new { code = "204", swap = false },
            new { code = "[23]..", swap = true },
            new { code = "(400|403|409|413|422|429)", swap = true, error = false },
            new { code = "[45]..", swap = false, error = true },
        },
        historyCacheSize = 0,
        refreshOnHistoryMiss = true,
        includeIndicatorStyles = false,
        allowEval = false,
        allowScriptTags = false,
        selfRequestsOnly = true,
    });
}
