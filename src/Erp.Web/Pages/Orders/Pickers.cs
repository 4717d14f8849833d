using Erp.Data.Orders;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Erp.Web.Pages.Orders;

/// <summary>What the Customer and Product pickers say: nouns for the messages of one picker.</summary>
public sealed record Picker(string One, string Many, string Code)
{
    public static Picker Customer { get; } = new("customer", "customers", "code");
    public static Picker Product { get; } = new("product", "products", "SKU");

    /// <summary>
    /// Resolves the typed text to one item; otherwise adds the field error to <paramref name="key"/>.
    /// Either way the candidates come back, to fill the datalist (so the no-JS user can pick one).
    /// </summary>
    public async Task<(long? Id, IReadOnlyList<PickItem> Options)> ResolveAsync(string? typed,
        Func<string, CancellationToken, Task<PickResult>> resolve, ModelStateDictionary state, string key, CancellationToken ct)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            state.AddModelError(key, $"Enter the {One}'s {Code} or name.");
            return (null, []);
        }
        var pick = await resolve(text, ct);
        if (pick.Match is null)
        {
            state.AddModelError(key, pick.Candidates.Count == 0
                ? $"No {One} has the {Code} or a name starting with “{text}”."
                : $"{pick.Candidates.Count} {Many} match “{text}”: pick one from the list.");
        }
        return (pick.Match?.Id, pick.Candidates);
    }
}
