namespace Erp.Web.Security;

/// <summary>
/// Values that this repository publishes (the README, scripts/run.sh, appsettings.Development.json)
/// are known to everyone who reads it, so outside Development start-up refuses them as secrets:
/// any setting whose value starts with "change-me" (the marker for "put your own value here"), and
/// the demo passwords as Seed:AdminPassword / Seed:EmployeePassword.
/// </summary>
public static class PlaceholderSecrets
{
    public const string Marker = "change-me";

    private static readonly Dictionary<string, string[]> DemoValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Seed:AdminPassword"] = ["Admin-demo-2026"],
        ["Seed:EmployeePassword"] = ["Employee-demo-2026"],
    };

    public static bool IsPlaceholder(string key, string? value) =>
        !string.IsNullOrEmpty(value)
        && (value.Trim().StartsWith(Marker, StringComparison.OrdinalIgnoreCase)
            || (DemoValues.TryGetValue(key.Replace("__", ":"), out var known) && known.Contains(value.Trim())));

    /// <summary>Throws when a setting holds a published placeholder and the app does not run in Development.</summary>
    public static void Refuse(IConfiguration config, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }
        var found = config.AsEnumerable()
            .Where(pair => IsPlaceholder(pair.Key, pair.Value))
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (found.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", found)} still hold{(found.Count == 1 ? "s" : "")} a placeholder published with Erp. " +
                $"Outside Development every secret must be your own (env vars such as {found[0].Replace(":", "__")}); nothing was started.");
        }
    }
}
