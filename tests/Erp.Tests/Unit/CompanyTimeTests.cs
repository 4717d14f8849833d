using Erp.Data.Rules;

namespace Erp.Tests.Unit;

public sealed class CompanyTimeTests
{
    private static readonly CompanyTime NewYork = CompanyTime.FromId("America/New_York");
    private static readonly CompanyTime Auckland = CompanyTime.FromId("Pacific/Auckland");

    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0);

    [Fact]
    public void Unset_or_UTC_is_UTC()
    {
        Assert.Equal("UTC", CompanyTime.FromId(null).ZoneId);
        Assert.Equal("UTC", CompanyTime.FromId(" ").ZoneId);
        Assert.Equal("UTC", CompanyTime.FromId("UTC").ZoneId);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "not a time zone this machine knows")]
    [InlineData("Europe/Berlin; DROP", "not a time zone this machine knows")]
    public void An_unknown_zone_is_refused_with_the_setting_named(string id, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CompanyTime.FromId(id));
        Assert.Contains("Company:TimeZone", error.Message);
        Assert.Contains(id, error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Days_are_company_days_converted_to_UTC_bounds()
    {
        // New York is UTC-5 in January, UTC-4 from 8 March 2026.
        Assert.Equal((Utc(2026, 1, 10, 5), Utc(2026, 1, 11, 5)), NewYork.UtcRange(new(2026, 1, 10), new(2026, 1, 10)));
        Assert.Equal((Utc(2026, 3, 8, 5), Utc(2026, 3, 9, 4)), NewYork.UtcRange(new(2026, 3, 8), new(2026, 3, 8)));
        // Auckland is UTC+13 in January: its day begins the evening before in UTC.
        Assert.Equal((Utc(2025, 12, 31, 11), Utc(2026, 1, 1, 11)), Auckland.UtcRange(new(2026, 1, 1), new(2026, 1, 1)));
    }

    [Fact]
    public void A_day_that_begins_with_a_jump_at_midnight_begins_at_the_jump()
    {
        var havana = CompanyTime.FromId("America/Havana"); // 8 March 2026: 00:00 -05:00 becomes 01:00 -04:00
        Assert.Equal(Utc(2026, 3, 8, 5), havana.UtcRange(new(2026, 3, 8), null).From);
        Assert.Equal(new DateTime(2026, 3, 8, 1, 0, 0), havana.ToLocal(Utc(2026, 3, 8, 5)));
    }

    [Fact]
    public void A_day_whose_midnight_happens_twice_begins_at_the_first_one()
    {
        var havana = CompanyTime.FromId("America/Havana"); // 1 November 2026: 01:00 -04:00 falls back to 00:00 -05:00
        Assert.Equal(Utc(2026, 11, 1, 4), havana.UtcRange(new(2026, 11, 1), null).From);
        Assert.Equal(Utc(2026, 11, 1, 4), havana.UtcRange(null, new(2026, 10, 31)).ToExclusive);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Pacific/Auckland")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    public void The_first_and_last_days_do_not_overflow_and_mean_no_bound(string zone)
    {
        var time = CompanyTime.FromId(zone);

        Assert.Equal((null, null), time.UtcRange(DateOnly.MinValue, DateOnly.MaxValue));
        Assert.Null(time.UtcRange(new DateOnly(999, 12, 31), null).From); // nothing is stored before the year 1000
        Assert.Null(time.UtcRange(null, new DateOnly(9999, 12, 31)).ToExclusive);
        Assert.NotNull(time.UtcRange(new DateOnly(1000, 1, 2), null).From);
        Assert.NotNull(time.UtcRange(null, new DateOnly(9999, 12, 29)).ToExclusive);
        _ = time.UtcRange(new DateOnly(1, 1, 2), new DateOnly(9999, 12, 30));
        _ = time.FormatTime(DateTime.MaxValue);
        _ = time.FormatTime(DateTime.MinValue);
    }

    [Fact]
    public void A_Windows_zone_name_is_refused_in_favour_of_its_IANA_id()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CompanyTime.FromId("W. Europe Standard Time"));
        Assert.Contains("Company:TimeZone", error.Message);
    }

    [Fact]
    public void Times_are_shown_in_the_zone_and_labelled_with_it()
    {
        Assert.Equal("2026-03-10 23:30 (America/New_York)", NewYork.FormatLabelled(Utc(2026, 3, 11, 3, 30)));
        Assert.Equal("2026-03-10 23:30", NewYork.FormatTime(Utc(2026, 3, 11, 3, 30)));
        Assert.Equal("2027-01-01", Auckland.FormatDay(Utc(2026, 12, 31, 11, 5)));
        Assert.Equal("Date (Pacific/Auckland)", Auckland.Header("Date"));
        Assert.Equal("2026-12-31T11:05:00.000000Z", CompanyTime.Iso(Utc(2026, 12, 31, 11, 5)));
    }
}
