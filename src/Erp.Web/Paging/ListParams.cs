using System.Globalization;

namespace Erp.Web.Paging;

/// <summary>Parses list query parameters; every problem becomes a message for a 400.</summary>
public sealed class ListParams
{
    public string? Error { get; private set; }

    private void Fail(string message) => Error ??= message;

    public T Choice<T>(string? value, string name, T fallback, IReadOnlyDictionary<string, T> allowed)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        if (allowed.TryGetValue(value, out var choice))
        {
            return choice;
        }
        Fail($"Unknown {name} '{value}'. Use one of: {string.Join(", ", allowed.Keys)}.");
        return fallback;
    }

    public string? OneOf(string? value, string name, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (allowed.Contains(value))
        {
            return value;
        }
        Fail($"Unknown {name} '{value}'. Use one of: {string.Join(", ", allowed)}.");
        return null;
    }

    public long? Id(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        Fail($"The {name} must be a record number such as 42, not '{value}'.");
        return null;
    }

    public DateOnly? Date(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail($"The {name} date must look like 2026-01-31, not '{value}'.");
            return null;
        }
        if (date < EarliestDate || date > LatestDate)
        {
            Fail($"The {name} date must lie between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}, not '{value}'.");
            return null;
        }
        return date;
    }

    /// <summary>
    /// The days a date filter accepts. A day becomes a range of instants ('to' ends at the next
    /// midnight, 9999-12-31 has none) that a time zone may shift by a day, so both ends keep room
    /// inside what DateTime holds; DATETIME columns start at year 1000.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1000, 1, 1);

    public static readonly DateOnly LatestDate = new(9998, 12, 31);

    public string? Text(string? value, string name, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > maxLength)
        {
            Fail($"The {name} is longer than {maxLength} characters.");
            return null;
        }
        return text;
    }

    public void Require(bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }
}
