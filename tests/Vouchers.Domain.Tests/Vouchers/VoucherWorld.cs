using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Tests.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>
/// A small, real world for voucher tests: one Đồng Tháp fund with budget, one open program (50%, Decree 80 caps),
/// an accredited consultant and a micro SME; every transfer a voucher returns is executed on the in-memory ledger.
/// </summary>
internal sealed class VoucherWorld
{
    public static readonly DateTimeOffset Start = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));
    public static readonly Actor Sme = new("sme-1", "sme");
    public static readonly Actor Reviewer = new("reviewer-1", "reviewer");
    public static readonly Actor Finance = new("finance-1", "finance");
    /// <summary>The second finance officer of a four-eyes approval.</summary>
    public static readonly Actor SecondApprover = new("finance-2", "finance");
    /// <summary>Authorises payment (Settle): segregation of duties forbids the approver to do it.</summary>
    public static readonly Actor PaymentOfficer = new("finance-3", "finance");
    public static readonly Actor ProviderUser = new("provider-1", "provider");
    /// <summary>Records the treasury's payment (Disburse): neither the approver nor the payment officer may.</summary>
    public static readonly Actor DisbursementOfficer = new("finance-4", "finance");

    /// <summary>Four eyes from 15M: the default 20M application needs two approvers, a 10M one does not.</summary>
    public static readonly ApprovalPolicy FourEyes = new(Money.Vnd(15_000_000));

    public DateTimeOffset Now { get; set; } = Start;
    /// <summary>The approval policy <see cref="Fire"/> approves under; one approval unless a test says otherwise.</summary>
    public ApprovalPolicy Policy { get; set; } = ApprovalPolicy.SingleApproval;
    public InMemoryLedger Ledger { get; } = new();
    public Fund Fund { get; }
    public SupportProgram Program { get; }
    public ServiceProvider Consultant { get; }
    public Enterprise Enterprise { get; }
    public LedgerAccount FundBudget { get; }

    public VoucherWorld(long envelope = 1_000_000_000, ProgramTerms? terms = null)
    {
        Fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, null, Start);
        var (source, budget) = Fund.OpenFiscalYear(2026, Start);
        FundBudget = budget;
        Ledger.Add(source, budget);
        Ledger.Execute(Fund.AllocateBudget(2026, Money.Vnd(5_000_000_000), "12/QĐ-UBND", new DateOnly(2026, 1, 10), source, budget, Finance, Start).Transfer);
        Program = SupportProgram.Draft("DT-CDS-2026", Fund, 2026, terms ?? Terms(envelope), Start);
        var accounts = Program.OpenAccounts(Start);
        Ledger.Add([.. accounts]);
        Ledger.Execute(Program.ApproveEnvelope("34/QĐ-STC", new DateOnly(2026, 2, 1), budget, accounts, Finance, Start));
        Consultant = ServiceProvider.Register(TaxCode.WithCheckDigit("180000002"), "Tư vấn Sen Hồng", ProviderKind.Consultant, "dong-thap",
            "TV-01", new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
            [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình chuyển đổi số", Money.Vnd(120_000_000))], Start);
        Enterprise = Enterprise.Register(TaxCode.WithCheckDigit("140000011"), new EnterpriseProfile("Công ty TNHH Xoài Cao Lãnh", "dong-thap",
            "Phường Cao Lãnh", SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture, 8,
            Money.Vnd(2_500_000_000), Money.Vnd(1_000_000_000)), Sme, Start);
    }

    public static ProgramTerms Terms(long envelope = 1_000_000_000) => new("Hỗ trợ tư vấn chuyển đổi số", Money.Vnd(envelope),
        [ServiceKind.DigitalTransformationConsulting], [ProviderKind.Consultant], [], SupportRate.FromPercent(50),
        [new ProgramCap(SizeClass.Micro, Money.Vnd(20_000_000), Money.Vnd(30_000_000)),
         new ProgramCap(SizeClass.Small, Money.Vnd(50_000_000), Money.Vnd(50_000_000)),
         new ProgramCap(SizeClass.Medium, Money.Vnd(100_000_000), Money.Vnd(100_000_000))],
        90, new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 30));

    public Voucher Apply(long requested = 20_000_000, Money? held = null) =>
        Voucher.Apply(Program, Enterprise, ServiceKind.DigitalTransformationConsulting, Money.Vnd(requested), "Lập lộ trình chuyển đổi số",
            held ?? Money.Zero, Sme, Now);

    public void Run(TransferRequest? t)
    {
        if (t is not null) Ledger.Execute(t);
    }

    public void Run(IReadOnlyList<TransferRequest> batch) => Ledger.Execute([.. batch]);

    /// <summary>Early January after <paramref name="year"/> ended, in Vietnam: when a year-end decision is taken.</summary>
    public static DateTimeOffset AfterYearEnd(int year) => new(year + 1, 1, 6, 9, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The program's accounts a carry-over out of <paramref name="year"/> moves through, opened in the ledger the first time.</summary>
    public CarryOverAccounts CarryOverAccounts(int year)
    {
        var (accounts, opened) = Program.CarryOverAccounts(year, Ledger.Accounts, Start);
        Ledger.Add([.. opened]);
        return accounts;
    }

    /// <summary>The program's accounts of the voucher's budget year when a carry-over moved it past the program's own; else null.</summary>
    public ProgramYearAccounts? BudgetYearAccounts(Voucher v) =>
        v.BudgetYear == Program.FiscalYear ? null : ProgramYearAccounts.Find(Program.Id, v.BudgetYear, Ledger.Accounts);

    public LedgerAccount Account(Guid? id) => Ledger.FindAccount(id!.Value)!;

    /// <summary>Everything about a voucher (and the ledger) that a refused command must leave as it was.</summary>
    public sealed record Snapshot(VoucherStatus Status, int HistoryCount, Money? ProposedAmount, Money? FaceValue, Guid? CommitmentTransferId,
        DateTimeOffset? IssuedAt, DateOnly? ValidUntil, Money? AcceptedAmount, string? AcceptanceDecisionNumber, DateTimeOffset UpdatedAt,
        int LedgerTransfers);

    public Snapshot SnapshotOf(Voucher v) => new(v.Status, v.History.Count, v.ProposedAmount, v.FaceValue, v.CommitmentTransferId,
        v.IssuedAt, v.ValidUntil, v.AcceptedAmount, v.AcceptanceDecisionNumber, v.UpdatedAt, Ledger.Log.Count);

    /// <summary>Runs <paramref name="act"/> a few minutes later, expects <typeparamref name="TException"/>, and that nothing changed.</summary>
    public TException AssertRefused<TException>(Voucher v, Action act) where TException : Exception
    {
        var before = SnapshotOf(v);
        Now = Now.AddMinutes(5); // a refused command must not even touch UpdatedAt
        var e = Assert.Throws<TException>(act);
        Assert.Equal(before, SnapshotOf(v));
        return e;
    }

    /// <summary>
    /// Brings a fresh voucher to <paramref name="target"/> along the table's shortest path to it
    /// (<see cref="VoucherLifecycle.PathTo"/>), under <see cref="PolicyFor"/> the target; <see cref="Policy"/> is what it was afterwards.
    /// </summary>
    public Voucher In(VoucherStatus target)
    {
        var v = Apply();
        var policy = Policy;
        Policy = PolicyFor(target);
        try
        {
            foreach (var step in VoucherLifecycle.PathTo(target)) Fire(v, step);
        }
        finally
        {
            Policy = policy;
        }
        Assert.Equal(target, v.Status);
        return v;
    }

    /// <summary>The policy under which <see cref="VoucherLifecycle.PathTo"/> reaches <paramref name="s"/>: four eyes only to stop half-way.</summary>
    public static ApprovalPolicy PolicyFor(VoucherStatus s) => s == VoucherStatus.AwaitingSecondApproval ? FourEyes : ApprovalPolicy.SingleApproval;

    /// <summary>Fires a trigger through the aggregate's intent method, with plausible arguments, and runs its transfer.</summary>
    public void Fire(Voucher v, VoucherTrigger trigger)
    {
        var now = trigger == VoucherTrigger.Expire && v.ValidUntil is { } until ? VietnamTime.StartOf(until.AddDays(1)) : Now;
        switch (trigger)
        {
            case VoucherTrigger.Resubmit: v.Resubmit(Program, Enterprise, Money.Vnd(15_000_000), "Bổ sung hồ sơ", Money.Zero, Sme, now); break;
            case VoucherTrigger.Recommend: v.Recommend("Đủ điều kiện", Reviewer, now); break;
            case VoucherTrigger.ReturnForInfo: v.ReturnForInfo("Thiếu báo giá", Reviewer, now); break;
            case VoucherTrigger.Reject: v.Reject("Không đúng đối tượng", Reviewer, now); break;
            case VoucherTrigger.Withdraw: Run(v.Withdraw("Không còn nhu cầu", Sme, now)); break;
            case VoucherTrigger.Approve:
                Run(v.Approve(Program, null, Money.Zero, Policy, v.Status == VoucherStatus.AwaitingSecondApproval ? SecondApprover : Finance, now));
                break;
            case VoucherTrigger.Expire: Run(v.Expire(now)); break;
            case VoucherTrigger.Cancel: Run(v.Cancel("Phát hiện sai phạm", Finance, now)); break;
            case VoucherTrigger.Extend: v.Extend(Program, (v.ValidUntil ?? VietnamTime.Today(now)).AddDays(30), "Nhà cung cấp chậm tiến độ", Finance, now); break;
            case VoucherTrigger.Redeem: v.Redeem(Program, Consultant, Money.Vnd(30_000_000), "HĐ-01/2026", ProviderUser, now); break;
            case VoucherTrigger.Deliver: v.Deliver(Consultant.Id, "Đã bàn giao báo cáo", ProviderUser, now); break;
            case VoucherTrigger.ConfirmDelivery: v.ConfirmDelivery(null, Sme, now); break;
            case VoucherTrigger.Dispute: v.Dispute("Chưa nhận đủ", Sme, now); break;
            case VoucherTrigger.RequestRework: v.RequestRework("Báo cáo chưa đạt", Reviewer, now); break;
            case VoucherTrigger.Accept: v.Accept("BB-01/NT", null, Reviewer, now); break;
            case VoucherTrigger.ClaimPayment: v.ClaimPayment(Consultant.Id, "C26TAA-0000123", ProviderUser, now); break;
            case VoucherTrigger.Settle: Run(v.Settle(Program, PaymentOfficer, now)); break;
            case VoucherTrigger.Disburse: Run(v.Disburse(Program, "UNC-2026-001", DisbursementOfficer, now, BudgetYearAccounts(v))); break;
            case VoucherTrigger.ClawBack: Run(v.ClawBack(Program, null, "Hồ sơ khống", Finance, now, BudgetYearAccounts(v))); break;
            case VoucherTrigger.CarryOver:
                var after = AfterYearEnd(v.BudgetYear);
                Run(v.CarryOver(Program, CarryOverAccounts(v.BudgetYear), "02/QĐ-UBND", VietnamTime.Today(after), Finance, after));
                break;
            default: throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }
}
