using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>Value converters shared by both database providers (SQLite and PostgreSQL).</summary>
internal static class Converters
{
    public sealed class MoneyConverter() : ValueConverter<Money, long>(m => m.Dong, l => Money.Vnd(l));
    public sealed class TaxCodeConverter() : ValueConverter<TaxCode, string>(t => t.Value, s => TaxCode.Parse(s));
    public sealed class SupportRateConverter() : ValueConverter<SupportRate, int>(r => r.BasisPoints, i => SupportRate.FromBasisPoints(i));

    /// <summary>
    /// Instants are stored as UTC date-times: SQLite can then order and compare them (it cannot for
    /// DateTimeOffset), and PostgreSQL maps them to timestamptz.
    /// </summary>
    public sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new MoneyJsonConverter(), new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A small value stored as JSON text in one column (a voucher's eligibility snapshot, a declared profile); null stays null.</summary>
    public static ValueConverter<T, string> JsonValue<T>() where T : class? => new(
        v => JsonSerializer.Serialize(v, Json),
        s => JsonSerializer.Deserialize<T>(s, Json)!);

    /// <summary>A small list stored as JSON text in one column (program eligibility lists, caps, provider services).</summary>
    public static (ValueConverter<IReadOnlyList<T>, string> Converter, ValueComparer<IReadOnlyList<T>> Comparer) JsonList<T>() => (
        new ValueConverter<IReadOnlyList<T>, string>(
            v => JsonSerializer.Serialize(v, Json),
            s => JsonSerializer.Deserialize<List<T>>(s, Json) ?? new List<T>()),
        new ValueComparer<IReadOnlyList<T>>(
            (a, b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b)),
            v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
            v => v.ToList()));
}

/// <summary>Money as JSON: whole đồng as a number.</summary>
internal sealed class MoneyJsonConverter : System.Text.Json.Serialization.JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Money.Vnd(reader.GetInt64());
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Dong);
}
