using System.Reflection;
using BenchmarkDotNet.Attributes;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Benchmarks;

/// <summary>
/// A page of 100 vouchers with what may be done next on each (<c>allowedActions</c>, as <c>VoucherView.From</c>
/// computes it from the lifecycle table): the cost of the lifecycle engine on the API's most common read.
/// <code>dotnet run -c Release --project bench/Vouchers.Benchmarks -- --filter '*AllowedActions*'</code>
/// <para><see cref="Fresh"/> is what a request does: every voucher has just been loaded (here: copied through its
/// private constructor and property setters, as EF Core materialises it), so anything the engine builds per voucher is
/// built again. <see cref="Again"/> asks the same 100 voucher objects again, so only the question itself is timed.</para>
/// The 100 vouchers are spread over all 19 states by the aggregate's own intent methods, along the table's shortest path to each; every other round of states is
/// listed a day after its validity ended, so both guards of an issued voucher are exercised.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AllowedActionsBenchmarks
{
    private const int PageSize = 100;
    private const int Invocations = 64;

    private static readonly DateTimeOffset Start = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly Actor Sme = new("sme-1", "sme");
    private static readonly Actor Reviewer = new("reviewer-1", "reviewer");
    private static readonly Actor Finance = new("finance-1", "finance");
    private static readonly Actor PaymentOfficer = new("finance-3", "finance");
    private static readonly Actor DisbursementOfficer = new("finance-4", "finance");
    private static readonly Actor ProviderUser = new("provider-1", "provider");

    private static readonly PropertyInfo[] Mapped = typeof(Voucher).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is not null).ToArray();

    private Voucher[] page = [];
    private DateTimeOffset[] nows = [];
    private readonly Queue<Voucher[]> loaded = new();

    [GlobalSetup]
    public void Setup()
    {
        var fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, null, Start);
        var (source, budget) = fund.OpenFiscalYear(2026, Start);
        fund.AllocateBudget(2026, Money.Vnd(5_000_000_000), "12/QĐ-UBND", new DateOnly(2026, 1, 10), source, budget, Finance, Start);
        var program = SupportProgram.Draft("DT-CDS-2026", fund, 2026, new ProgramTerms("Hỗ trợ tư vấn chuyển đổi số", Money.Vnd(1_000_000_000),
            [ServiceKind.DigitalTransformationConsulting], [ProviderKind.Consultant], [], SupportRate.FromPercent(50),
            [new ProgramCap(SizeClass.Micro, Money.Vnd(20_000_000), Money.Vnd(10_000_000_000))],
            90, new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 30)), Start);
        program.ApproveEnvelope("34/QĐ-STC", new DateOnly(2026, 2, 1), budget, program.OpenAccounts(Start), Finance, Start);
        var consultant = ServiceProvider.Register(TaxCode.WithCheckDigit("180000002"), "Tư vấn Sen Hồng", ProviderKind.Consultant, "dong-thap",
            "TV-01", new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
            [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình chuyển đổi số", Money.Vnd(120_000_000))], Start);
        var sme = Enterprise.Register(TaxCode.WithCheckDigit("140000011"), new EnterpriseProfile("Công ty TNHH Xoài Cao Lãnh", "dong-thap",
            "Phường Cao Lãnh", SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture, 8,
            Money.Vnd(2_500_000_000), Money.Vnd(1_000_000_000)), Sme, Start);

        var states = Enum.GetValues<VoucherStatus>();
        page = new Voucher[PageSize];
        nows = new DateTimeOffset[PageSize];
        for (var i = 0; i < PageSize; i++)
        {
            var v = Voucher.Apply(program, sme, ServiceKind.DigitalTransformationConsulting, Money.Vnd(10_000_000), "Lập lộ trình chuyển đổi số",
                Money.Zero, Sme, Start);
            var target = states[i % states.Length];
            var policy = target == VoucherStatus.AwaitingSecondApproval ? new ApprovalPolicy(Money.Vnd(5_000_000)) : ApprovalPolicy.SingleApproval;
            foreach (var step in VoucherLifecycle.PathTo(target))
                Fire(v, step, program, policy, consultant);
            if (v.Status != target) throw new InvalidOperationException($"Voucher {i} is {v.Status}, not {target}.");
            page[i] = v;
            // every other round of states is listed after the validity date: an issued voucher may then expire, not be redeemed
            nows[i] = i / states.Length % 2 == 1 && v.ValidUntil is { } until ? VietnamTime.StartOf(until.AddDays(1)) : Start;
        }
    }

    [IterationSetup(Target = nameof(Fresh))]
    public void Load()
    {
        loaded.Clear();
        for (var i = 0; i < Invocations; i++)
            loaded.Enqueue(page.Select(Materialise).ToArray());
        // the copies are long-lived by now: promote them, so the timed calls do not pay for moving them out of gen 0
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>100 vouchers just loaded, each asked once what may be done next.</summary>
    [Benchmark]
    [InvocationCount(Invocations)]
    public int Fresh() => AllowedActions(loaded.Dequeue());

    /// <summary>The same 100 voucher objects asked again.</summary>
    [Benchmark]
    public int Again() => AllowedActions(page);

    private int AllowedActions(Voucher[] vouchers)
    {
        var count = 0;
        for (var i = 0; i < vouchers.Length; i++)
            count += vouchers[i].PermittedTriggers(nows[i]).Select(t => t.ToString()).ToArray().Length;
        return count;
    }

    /// <summary>A copy made the way EF Core makes an entity from a row: the private constructor, then every mapped property.</summary>
    private static Voucher Materialise(Voucher v)
    {
        var copy = (Voucher)Activator.CreateInstance(typeof(Voucher), nonPublic: true)!;
        foreach (var p in Mapped) p.SetValue(copy, p.GetValue(v));
        return copy;
    }

    private static void Fire(Voucher v, VoucherTrigger trigger, SupportProgram program, ApprovalPolicy policy, ServiceProvider consultant)
    {
        var now = trigger == VoucherTrigger.Expire && v.ValidUntil is { } until ? VietnamTime.StartOf(until.AddDays(1)) : Start;
        switch (trigger)
        {
            case VoucherTrigger.Recommend: v.Recommend("Đủ điều kiện", Reviewer, now); break;
            case VoucherTrigger.ReturnForInfo: v.ReturnForInfo("Thiếu báo giá", Reviewer, now); break;
            case VoucherTrigger.Reject: v.Reject("Không đúng đối tượng", Reviewer, now); break;
            case VoucherTrigger.Withdraw: v.Withdraw("Không còn nhu cầu", Sme, now); break;
            case VoucherTrigger.Approve: v.Approve(program, null, Money.Zero, policy, Finance, now); break;
            case VoucherTrigger.Expire: v.Expire(now); break;
            case VoucherTrigger.Cancel: v.Cancel("Phát hiện sai phạm", Finance, now); break;
            case VoucherTrigger.Redeem: v.Redeem(program, consultant, Money.Vnd(20_000_000), "HĐ-01/2026", ProviderUser, now); break;
            case VoucherTrigger.Deliver: v.Deliver(consultant.Id, "Đã bàn giao báo cáo", ProviderUser, now); break;
            case VoucherTrigger.ConfirmDelivery: v.ConfirmDelivery(null, Sme, now); break;
            case VoucherTrigger.Dispute: v.Dispute("Chưa nhận đủ", Sme, now); break;
            case VoucherTrigger.RequestRework: v.RequestRework("Báo cáo chưa đạt", Reviewer, now); break;
            case VoucherTrigger.Accept: v.Accept("BB-01/NT", null, Reviewer, now); break;
            case VoucherTrigger.ClaimPayment: v.ClaimPayment(consultant.Id, "C26TAA-0000123", ProviderUser, now); break;
            case VoucherTrigger.Settle: v.Settle(program, PaymentOfficer, now); break;
            case VoucherTrigger.Disburse: v.Disburse(program, "UNC-2026-001", DisbursementOfficer, now); break;
            case VoucherTrigger.ClawBack: v.ClawBack(program, null, "Hồ sơ khống", Finance, now); break;
            default: throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }
}
