namespace Vouchers.Domain.Common;

/// <summary>
/// Calendar dates in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). Business dates — application
/// windows, validity, fiscal years — are Vietnamese calendar dates, whatever the server's time zone.
/// The domain is handed instants; it never reads a clock.
/// </summary>
public static class VietnamTime
{
    /// <summary>The IANA name, whatever the server's own name for the zone.</summary>
    public const string ZoneName = "Asia/Ho_Chi_Minh";

    public static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>The same instant as people in Vietnam read it (offset +07:00).</summary>
    public static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The fiscal year (Vietnam: the calendar year) that contains the instant.</summary>
    public static int FiscalYear(DateTimeOffset now) => Today(now).Year;

    /// <summary>
    /// The calendar dates the service reads (filters, decision and accreditation dates, application windows): far
    /// enough either way for any business date, and each has a first instant (<see cref="StartOf"/>) and a next day.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1), LatestDate = new(2199, 12, 31);

    /// <summary>The first instant of the given Vietnamese date.</summary>
    public static DateTimeOffset StartOf(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MinValue), Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)));

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(ZoneName); }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(ZoneName, TimeSpan.FromHours(7), "Giờ Việt Nam", "ICT");
        }
    }
}
