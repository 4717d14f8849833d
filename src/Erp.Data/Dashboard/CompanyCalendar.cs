namespace Erp.Data.Dashboard;

/// <summary>
/// The company's calendar for "this month", "overdue" and "as of HH:MM". UTC until the company
/// time zone setting exists: <see cref="Zone"/> is the one place to point at it.
/// </summary>
public static class CompanyCalendar
{
    public static TimeZoneInfo Zone => TimeZoneInfo.Utc;

    public static DateTime ToCompanyTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime companyTime) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(companyTime, DateTimeKind.Unspecified), Zone);
}
