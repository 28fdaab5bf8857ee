namespace Vouchers.Domain.Common;

/// <summary>The three funds the provincial plans name.</summary>
public enum FundKind
{
    /// <summary>Quỹ phát triển khoa học và công nghệ tỉnh.</summary>
    ScienceTechnology = 1,
    /// <summary>Quỹ phát triển doanh nghiệp nhỏ và vừa.</summary>
    SmeDevelopment = 2,
    /// <summary>Quỹ phát triển trí tuệ nhân tạo.</summary>
    ArtificialIntelligence = 3,
}

/// <summary>What a voucher pays for.</summary>
public enum ServiceKind
{
    /// <summary>Thuê dịch vụ thử nghiệm, kiểm định, hiệu chuẩn.</summary>
    LabTesting = 1,
    /// <summary>Thuê tư vấn chuyển đổi số.</summary>
    DigitalTransformationConsulting = 2,
    /// <summary>Thuê, mua giải pháp số.</summary>
    DigitalSolution = 3,
    /// <summary>Thuê, mua giải pháp trí tuệ nhân tạo.</summary>
    AiSolution = 4,
}

/// <summary>Who may redeem a voucher.</summary>
public enum ProviderKind
{
    /// <summary>Phòng thí nghiệm, trung tâm kiểm định/kiểm chuẩn.</summary>
    TestingLab = 1,
    /// <summary>Tư vấn viên / tổ chức tư vấn chuyển đổi số đạt chuẩn.</summary>
    Consultant = 2,
    /// <summary>Nhà cung cấp giải pháp số / AI.</summary>
    SolutionVendor = 3,
}

/// <summary>Economic sectors the plans name (used for eligibility and reporting).</summary>
public enum Sector
{
    ScienceTechnology = 1, Agriculture = 2, ProcessingIndustry = 3, Logistics = 4, Tourism = 5,
    Health = 6, Trade = 7, Finance = 8, Education = 9, Construction = 10, Other = 99,
}

/// <summary>Vietnamese labels for people-facing text (documents, public pages, errors).</summary>
public static class Labels
{
    public static string Vi(FundKind k) => k switch
    {
        FundKind.ScienceTechnology => "Quỹ phát triển khoa học và công nghệ",
        FundKind.SmeDevelopment => "Quỹ phát triển doanh nghiệp nhỏ và vừa",
        FundKind.ArtificialIntelligence => "Quỹ phát triển trí tuệ nhân tạo",
        _ => k.ToString(),
    };

    public static string Vi(ServiceKind k) => k switch
    {
        ServiceKind.LabTesting => "Thử nghiệm, kiểm định",
        ServiceKind.DigitalTransformationConsulting => "Tư vấn chuyển đổi số",
        ServiceKind.DigitalSolution => "Giải pháp số",
        ServiceKind.AiSolution => "Giải pháp trí tuệ nhân tạo",
        _ => k.ToString(),
    };

    public static string Vi(ProviderKind k) => k switch
    {
        ProviderKind.TestingLab => "Phòng thí nghiệm / trung tâm kiểm định",
        ProviderKind.Consultant => "Tư vấn viên đạt chuẩn",
        ProviderKind.SolutionVendor => "Nhà cung cấp giải pháp số",
        _ => k.ToString(),
    };
}
