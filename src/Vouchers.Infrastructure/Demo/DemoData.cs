using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vouchers.Application.Enterprises;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;
using Vouchers.Application.Providers;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.Demo;

public sealed class DemoDataOptions
{
    /// <summary>Seed demo data into an empty database at start-up. On by default in Development only (appsettings).</summary>
    public bool Enabled { get; set; }
}

/// <summary>
/// DEMO data for a newcomer: the three provinces of the brief, their three funds with budgets for the current fiscal
/// year, a few programs, providers and SMEs. Everything goes through the real commands, so every đồng is in the
/// ledger. Names say "(DEMO)"; switch off with DemoData:Enabled=false.
/// </summary>
public sealed class DemoData(IMediator mediator, VouchersDbContext db, TimeProvider clock, RequestContext request, ILogger<DemoData> log)
{
    public static readonly string LabTaxCode = TaxCode.WithCheckDigit("180000001").Value;
    public static readonly string ConsultantTaxCode = TaxCode.WithCheckDigit("180000002").Value;
    public static readonly string VendorTaxCode = TaxCode.WithCheckDigit("360000003").Value;
    public static readonly string MangoSmeTaxCode = TaxCode.WithCheckDigit("140000011").Value;
    public static readonly string LogisticsSmeTaxCode = TaxCode.WithCheckDigit("360000012").Value;
    public static readonly string FoodSmeTaxCode = TaxCode.WithCheckDigit("280000014").Value;
    public const string LabName = "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Đồng Tháp (DEMO)";
    public const string ConsultantName = "Công ty Tư vấn Chuyển đổi số Sen Hồng (DEMO)";
    public const string VendorName = "Công ty Giải pháp Số Đồng Nai (DEMO)";
    public const string MangoSmeName = "Công ty TNHH Xoài Cao Lãnh (DEMO)";
    public const string LogisticsSmeName = "Công ty CP Logistics Biên Hòa (DEMO)";
    public const string FoodSmeName = "Công ty TNHH Chế biến Nông sản Thanh Hóa (DEMO)";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Funds.AnyAsync(ct)) return;
        request.Actor = new Actor("demo-seed", "system");
        // All or nothing: the commands run inside this one transaction (the pipeline does not open its own when one
        // is already open), so a failure half-way leaves an empty database that the next start seeds again.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SeedInTransactionAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<T> Send<T>(IRequest<T> command, CancellationToken ct)
    {
        var result = await mediator.Send(command, ct);
        await db.SaveChangesAsync(ct);
        return result;
    }

    private async Task SeedInTransactionAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var year = VietnamTime.FiscalYear(now);
        var today = VietnamTime.Today(now);
        var opens = today.AddDays(-30);
        var closes = today.AddDays(180);

        var funds = new Dictionary<(string, FundKind), FundView>();
        foreach (var province in new[] { "dong-thap", "dong-nai", "thanh-hoa" })
        foreach (var kind in Enum.GetValues<FundKind>())
        {
            var name = $"{Labels.Vi(kind)} {Province.FromCode(province).Name} (DEMO)";
            var fund = await Send(new CreateFund(province, kind, name), ct);
            funds[(province, kind)] = fund;
            var amount = kind switch { FundKind.ScienceTechnology => 20_000_000_000L, FundKind.SmeDevelopment => 15_000_000_000L, _ => 10_000_000_000L };
            await Send(new AllocateBudget(fund.Id, year, amount, $"DEMO-{province.ToUpperInvariant()}-{(int)kind}/QĐ-UBND", today.AddDays(-60)), ct);
        }

        ProgramCapAmounts[] decree80 =
        [
            new(SizeClass.Micro, 20_000_000, 20_000_000),
            new(SizeClass.Small, 50_000_000, 50_000_000),
            new(SizeClass.Medium, 100_000_000, 100_000_000),
        ];
        var programs = new[]
        {
            new CreateProgram($"DT-CDS-{year}", funds[("dong-thap", FundKind.SmeDevelopment)].Id, year,
                "Hỗ trợ tư vấn chuyển đổi số cho DNNVV Đồng Tháp (DEMO)", 2_000_000_000,
                [ServiceKind.DigitalTransformationConsulting, ServiceKind.DigitalSolution], [ProviderKind.Consultant, ProviderKind.SolutionVendor],
                null, 50m, decree80, 90, opens, closes, MinimumSupport: 500_000, PriceMarginPercent: 10),
            new CreateProgram($"DT-LAB-{year}", funds[("dong-thap", FundKind.ScienceTechnology)].Id, year,
                "Phiếu hỗ trợ thử nghiệm, kiểm định sản phẩm nông sản Đồng Tháp (DEMO)", 1_000_000_000,
                [ServiceKind.LabTesting], [ProviderKind.TestingLab], [Sector.Agriculture, Sector.ProcessingIndustry], 50m, decree80, 60, opens, closes, MinimumSupport: 500_000, PriceMarginPercent: 10),
            new CreateProgram($"DN-AI-{year}", funds[("dong-nai", FundKind.ArtificialIntelligence)].Id, year,
                "Hỗ trợ DNNVV Đồng Nai ứng dụng giải pháp AI (DEMO)", 1_500_000_000,
                [ServiceKind.AiSolution, ServiceKind.DigitalSolution], [ProviderKind.SolutionVendor], null, 50m, decree80, 120, opens, closes, MinimumSupport: 500_000, PriceMarginPercent: 10),
            new CreateProgram($"TH-CDS-{year}", funds[("thanh-hoa", FundKind.SmeDevelopment)].Id, year,
                "Hỗ trợ chuyển đổi số doanh nghiệp Thanh Hóa (DEMO)", 1_200_000_000,
                [ServiceKind.DigitalTransformationConsulting, ServiceKind.DigitalSolution], [ProviderKind.Consultant, ProviderKind.SolutionVendor],
                null, 50m, decree80, 90, opens, closes, MinimumSupport: 500_000, PriceMarginPercent: 10),
        };
        foreach (var p in programs)
        {
            var created = await Send(p, ct);
            await Send(new ApproveProgramEnvelope(created.Id, $"DEMO-{created.Code}/QĐ-STC", today.AddDays(-35)), ct);
        }

        await Send(new RegisterProvider(LabTaxCode, LabName, ProviderKind.TestingLab,
            "dong-thap", "VILAS-DEMO-1001", today.AddYears(-1), today.AddYears(2),
            [new(ServiceKind.LabTesting, "Kiểm nghiệm dư lượng thuốc bảo vệ thực vật trên xoài", 12_000_000)]), ct);
        var consultant = await Send(new RegisterProvider(ConsultantTaxCode, ConsultantName, ProviderKind.Consultant,
            "dong-thap", "TVCDS-DEMO-2002", today.AddYears(-1), today.AddYears(2),
            [new(ServiceKind.DigitalTransformationConsulting, "Đánh giá mức độ chuyển đổi số và lộ trình", 60_000_000)]), ct);
        var vendor = await Send(new RegisterProvider(VendorTaxCode, VendorName, ProviderKind.SolutionVendor,
            "dong-nai", "GPS-DEMO-3003", today.AddYears(-1), today.AddYears(2),
            [new(ServiceKind.DigitalSolution, "Phần mềm quản lý kho", 80_000_000), new(ServiceKind.AiSolution, "Trợ lý AI chăm sóc khách hàng", 150_000_000)]), ct);
        // providers serve several provinces, each by an accreditation of its own (issue 16)
        await Send(new AccreditProvider(consultant.Id, "thanh-hoa", "TVCDS-DEMO-TH-2002", today.AddYears(-1), today.AddYears(2), "DEMO-TH-2002/QĐ-SKHCN", today.AddDays(-60)), ct);
        await Send(new AccreditProvider(vendor.Id, "dong-thap", "GPS-DEMO-DT-3003", today.AddYears(-1), today.AddYears(2), "DEMO-DT-3003/QĐ-SKHCN", today.AddDays(-60)), ct);
        await Send(new AccreditProvider(vendor.Id, "thanh-hoa", "GPS-DEMO-TH-3003", today.AddYears(-1), today.AddYears(2), "DEMO-TH-3003/QĐ-SKHCN", today.AddDays(-60)), ct);

        await Send(new RegisterEnterprise(MangoSmeTaxCode, MangoSmeName, "dong-thap", "Phường Cao Lãnh",
            SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture, 8, 2_500_000_000, 1_000_000_000), ct);
        await Send(new RegisterEnterprise(LogisticsSmeTaxCode, LogisticsSmeName, "dong-nai", "Phường Trấn Biên",
            SectorGroup.TradeServices, Sector.Logistics, 40, 60_000_000_000, 30_000_000_000), ct);
        await Send(new RegisterEnterprise(FoodSmeTaxCode, FoodSmeName, "thanh-hoa", "Phường Hạc Thành",
            SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.ProcessingIndustry, 150, 120_000_000_000, 60_000_000_000), ct);

        log.LogInformation("Demo data seeded for fiscal year {Year}: 9 funds, {Programs} programs, 3 providers, 3 SMEs", year, programs.Length);
    }
}
