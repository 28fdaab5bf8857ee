namespace Vouchers.Domain.Common;

/// <summary>
/// Calendar dates in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). Business dates — application
/// windows, validity, fiscal years — are Vietnamese calendar dates, whatever the server's time zone.
/// The domain is handed instants; it never reads a clock.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The fiscal year (Vietnam: the calendar year) that contains the instant.</summary>
    public static int FiscalYear(DateTimeOffset now) => Today(now).Year;

    /// <summary>The first instant of the given Vietnamese date.</summary>
    public static DateTimeOffset StartOf(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MinValue), Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)));

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"); }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Giờ Việt Nam", "ICT");
        }
    }
}
