using System.Collections.Frozen;

namespace Vouchers.Domain.Common;

/// <summary>A province-level unit (after the 2025 reorganisation: 28 provinces and 6 centrally-run cities).</summary>
public sealed record Province(string Code, string Name)
{
    private static readonly Province[] All =
    [
        new("ha-noi", "Thành phố Hà Nội"), new("hue", "Thành phố Huế"), new("hai-phong", "Thành phố Hải Phòng"),
        new("da-nang", "Thành phố Đà Nẵng"), new("ho-chi-minh", "Thành phố Hồ Chí Minh"), new("can-tho", "Thành phố Cần Thơ"),
        new("tuyen-quang", "Tuyên Quang"), new("cao-bang", "Cao Bằng"), new("lai-chau", "Lai Châu"), new("lao-cai", "Lào Cai"),
        new("thai-nguyen", "Thái Nguyên"), new("dien-bien", "Điện Biên"), new("lang-son", "Lạng Sơn"), new("son-la", "Sơn La"),
        new("phu-tho", "Phú Thọ"), new("bac-ninh", "Bắc Ninh"), new("quang-ninh", "Quảng Ninh"), new("hung-yen", "Hưng Yên"),
        new("ninh-binh", "Ninh Bình"), new("thanh-hoa", "Thanh Hóa"), new("nghe-an", "Nghệ An"), new("ha-tinh", "Hà Tĩnh"),
        new("quang-tri", "Quảng Trị"), new("quang-ngai", "Quảng Ngãi"), new("gia-lai", "Gia Lai"), new("khanh-hoa", "Khánh Hòa"),
        new("lam-dong", "Lâm Đồng"), new("dak-lak", "Đắk Lắk"), new("dong-nai", "Đồng Nai"), new("tay-ninh", "Tây Ninh"),
        new("vinh-long", "Vĩnh Long"), new("dong-thap", "Đồng Tháp"), new("ca-mau", "Cà Mau"), new("an-giang", "An Giang"),
    ];

    private static readonly FrozenDictionary<string, Province> ByCode = All.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);

    public static IReadOnlyList<Province> Catalogue => All;

    public static bool TryFromCode(string? code, out Province province)
    {
        province = null!;
        return code is not null && ByCode.TryGetValue(code.Trim().ToLowerInvariant(), out province!);
    }

    public static Province FromCode(string? code) =>
        code is not null && ByCode.TryGetValue(code.Trim().ToLowerInvariant(), out var p)
            ? p
            : throw new InvalidValueException("province", $"'{code}' is not a province code; use one of: {string.Join(", ", All.Select(a => a.Code))}.",
                $"'{code}' không phải mã tỉnh; dùng một trong các mã: {string.Join(", ", All.Select(a => a.Code))}.");
}
