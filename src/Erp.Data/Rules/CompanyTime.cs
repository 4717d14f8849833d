using System.Globalization;

namespace Erp.Data.Rules;

/// <summary>
/// The one time rule (ADR 0008): timestamps are stored in UTC; the company's time zone
/// (<c>Company:TimeZone</c>, an IANA id, UTC by default) decides what people see, what a day in a
/// date filter means and which year an invoice belongs to.
/// </summary>
public sealed class CompanyTime
{
    public const string ConfigKey = "Company:TimeZone";

    // What a DATETIME column can hold: a bound outside it means "no bound".
    private static readonly DateTime StoredMin = new(1000, 1, 1);
    private static readonly DateTime StoredMax = new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_990);

    private CompanyTime(TimeZoneInfo zone) => Zone = zone;

    public static CompanyTime Utc { get; } = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone { get; }

    /// <summary>The IANA id that labels every time shown ("Europe/Berlin").</summary>
    public string ZoneId => Zone.Id;

    /// <summary>The zone named by <paramref name="ianaId"/> (blank: UTC); an unknown or non-IANA id stops start-up with a message.</summary>
    public static CompanyTime FromId(string? ianaId)
    {
        var id = ianaId?.Trim();
        if (string.IsNullOrEmpty(id) || id == "UTC")
        {
            return Utc;
        }
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"{ConfigKey} '{id}' is not a time zone this machine knows. Use an IANA id such as Europe/Berlin or America/New_York " +
                "(env var Company__TimeZone), or leave it unset for UTC.", e);
        }
        if (!zone.HasIanaId)
        {
            throw new InvalidOperationException(
                $"{ConfigKey} '{id}' is a Windows time zone name. Use its IANA id (such as Europe/Berlin) so every node reads it the same way.");
        }
        return new CompanyTime(zone);
    }

    /// <summary>A stored UTC timestamp (DATETIME(6), read back without a kind) as the company's wall-clock time.</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The company's calendar day of a UTC instant (invoice dates, the invoice year).</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>"2026-11-26 14:05 (Europe/Berlin)": a time on a record page, labelled with its zone.</summary>
    public string FormatLabelled(DateTime utc) => $"{FormatTime(utc)} ({ZoneId})";

    /// <summary>"2026-11-26 14:05" in the company's zone, for cells under a header that names the zone.</summary>
    public string FormatTime(DateTime utc) => ToLocal(utc).ToString("yyyy'-'MM'-'dd HH':'mm", CultureInfo.InvariantCulture);

    /// <summary>"2026-11-26": the company's day of a UTC instant.</summary>
    public string FormatDay(DateTime utc) => FormatDate(DayOf(utc));

    /// <summary>A calendar date (a DATE column such as a due date) as every page writes it.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC timestamp for a machine (the datetime attribute of &lt;time&gt;): 2026-11-26T13:05:00.000000Z.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A column header naming the zone its times are in: "Date (Europe/Berlin)".</summary>
    public string Header(string name) => $"{name} ({ZoneId})";

    /// <summary>
    /// The UTC bounds of the company days <paramref name="from"/> to <paramref name="to"/> (both included): from the first
    /// instant of <paramref name="from"/> up to, not including, the first instant of the day after <paramref name="to"/>.
    /// A bound outside what a DATETIME column can hold (year 1000 to 9999) is null: nothing lies beyond it.
    /// </summary>
    public (DateTime? From, DateTime? ToExclusive) UtcRange(DateOnly? from, DateOnly? to)
    {
        var start = from is { } f ? DayStartUtc(f) : null;
        var end = to is { } t && t < DateOnly.MaxValue ? DayStartUtc(t.AddDays(1)) : null;
        return (start is { } s && s > StoredMin ? s : null, end is { } e && e <= StoredMax ? e : null);
    }

    /// <summary>
    /// The UTC instant at which <paramref name="day"/> begins in the company's zone (clamped to DateTime's
    /// range; null for the first day DateOnly has). Month and day bounds of reports use it too.
    /// </summary>
    public DateTime? DayStartUtc(DateOnly day)
    {
        if (day == DateOnly.MinValue)
        {
            return null;
        }
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        TimeSpan offset;
        if (Zone.IsInvalidTime(midnight))
        {
            // Clocks jump forward at midnight (e.g. 00:00 → 01:00): the day begins at the jump, still at yesterday's offset.
            offset = Zone.GetUtcOffset(midnight.AddHours(-1));
        }
        else if (Zone.IsAmbiguousTime(midnight))
        {
            // Clocks fall back to midnight: the day begins at the first of the two midnights, the one with the larger offset.
            offset = Zone.GetAmbiguousTimeOffsets(midnight).Max();
        }
        else
        {
            offset = Zone.GetUtcOffset(midnight);
        }
        var ticks = midnight.Ticks - offset.Ticks;
        return new DateTime(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Unspecified);
    }
}
