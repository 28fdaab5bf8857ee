using System.Globalization;
using System.Reflection;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Tests.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Domain.Tests.Vouchers;

/// <summary>The operations <see cref="VoucherLedgerWorld"/> runs; most are one voucher command, named by its trigger.</summary>
public enum WorldOp
{
    Allocate, ApproveEnvelope, Apply, Recommend, ReturnForInfo, Resubmit, Reject, Withdraw, Approve, Redeem, Deliver, ConfirmDelivery,
    Dispute, RequestRework, Accept, ClaimPayment, Settle, Disburse, Expire, Cancel, ClawBack,
    /// <summary>An SME declares its profile anew (another staff count, size class or province).</summary>
    ChangeProfile,
    /// <summary>A reviewer approves or rejects a change that waits (Who = 9: the declarant tries).</summary>
    DecideProfileChange,
    /// <summary>Finance tops up a program's envelope out of the fund's budget (issue 16).</summary>
    TopUpEnvelope,
    /// <summary>Finance takes back part of a program's envelope (Who = 7: one đồng more than is uncommitted).</summary>
    ReduceEnvelope,
    /// <summary>Finance closes the testing program (Who ≥ 5; below, nothing happens, so it stays open most of a run).</summary>
    CloseProgram,
    /// <summary>Finance extends an issued voucher's validity (issue 16): Who = 7 beyond the program's limit, 8 to the same date (both refused).</summary>
    Extend,
    /// <summary>An administrator suspends a provider's accreditation in Đồng Tháp (issue 16); refused when it is not active.</summary>
    SuspendProvider,
    /// <summary>An administrator reinstates a suspended accreditation; refused when it is not suspended.</summary>
    ReinstateProvider,
    /// <summary>
    /// Finance carries a voucher's open commitment over to the next year's budget (chuyển nguồn, issue 16). Who = 9 while the
    /// clock is still in 2026 (after its first 40 days): the year ends first (the clock moves to January 2027); before that,
    /// refused (the year has not ended).
    /// </summary>
    CarryOver,
}

/// <summary>
/// One generated operation. <see cref="Pick"/> chooses the voucher, program, SME or provider; <see cref="Who"/> the actor and
/// the variant: 0–3 partial amounts (approval 0–1, acceptance 0–2, clawback 0–3); 7 an amount the aggregate refuses (8 too for
/// a clawback), 8 a redemption after the validity date; 6 a redemption by the SME's own user; 9 an actor segregation of
/// duties refuses, or any provider;
/// <see cref="Percent"/> a share (partial approvals, acceptances and clawbacks);
/// <see cref="Millions"/> an amount in millions of đồng.
/// </summary>
public sealed record Op(WorldOp Kind, int Pick, int Who, int Percent, int Millions);

/// <summary>
/// A world for random voucher operations: one fund (Đồng Tháp, 2026, 60M allocated) whose budget grows by allocations,
/// two programs (a consulting-and-testing one, open with a 45M envelope that approvals soon exhaust, and a testing-only
/// one whose 200M envelope an operation approves once the fund can cover it), four SMEs (micro, micro, small, medium) and
/// two providers (a consultant and a testing lab); besides them a branch of the first SME (its caps are its head office's)
/// and a consultant that is the second SME's own branch (a related party, never to redeem that SME's vouchers). Every
/// command works like the application's: it calls one method of the aggregate and executes the transfer it returns, and a
/// refusal anywhere leaves the state as it was: an aggregate that refuses must not have changed (checked), and a transfer
/// the ledger refuses is never asked of this world's aggregate at all, because a <see cref="Rehearsal"/> made the
/// operation first (the application rolls the aggregate back with the transaction; an aggregate here has no undo).
/// Deterministic for a sequence of operations, except for the ids and voucher codes the domain generates.
/// </summary>
internal sealed class VoucherLedgerWorld
{
    public static readonly DateTimeOffset Start = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));
    public static readonly ApprovalPolicy Policy = new(Money.Vnd(15_000_000));
    private static readonly Actor[] Reviewers = [new("reviewer-1", "reviewer"), new("reviewer-2", "reviewer")];
    private static readonly Actor[] FinanceOfficers = [new("finance-1", "finance"), new("finance-2", "finance"), new("finance-3", "finance")];
    /// <summary>Records payments: none of the officers above, so segregation of duties lets it (recording is a duty of its own).</summary>
    private static readonly Actor Disburser = new("finance-4", "finance");

    public DateTimeOffset Now { get; private set; } = Start;
    public InMemoryLedger Ledger { get; } = new();
    public Fund Fund { get; }
    public LedgerAccount Source { get; }
    public LedgerAccount FundBudget { get; }
    /// <summary>Every account in the order it was opened (fund's, each program's three, then those the carry-overs opened).</summary>
    public IReadOnlyList<LedgerAccount> Accounts => [.. Ledger.Accounts];
    /// <summary>The accounts carry-overs need, made once per (program, year, code); in the ledger from the first carry-over that used them.</summary>
    private readonly Dictionary<(Guid Program, int Year, AccountCode Code), LedgerAccount> _yearAccounts = [];
    public SupportProgram[] Programs { get; }
    private readonly IReadOnlyList<LedgerAccount>[] _programAccounts;
    private readonly List<Enterprise> _smes;
    public IReadOnlyList<Enterprise> Smes => _smes;
    /// <summary>Every recorded profile change, in order.</summary>
    public List<EnterpriseProfileChange> ProfileChanges { get; } = [];
    public IReadOnlyList<ServiceProvider> Providers { get; }
    private readonly List<Voucher> _vouchers = [];
    /// <summary>The stored vouchers, in the order they were applied for.</summary>
    public IReadOnlyList<Voucher> Vouchers => _vouchers;
    /// <summary>Σ of the allocations the ledger accepted, in đồng.</summary>
    public long Allocated { get; private set; }
    private int _serial;

    /// <summary>
    /// What happened, by name: outcomes per operation (<c>Settle:RefusedByAggregate</c>), transitions made
    /// (<c>ClawBack:Paid->ClawedBack</c>), variants (<c>Accept:partial</c>) and refusals by code (<c>refused:ledger.exceeds-credits</c>).
    /// </summary>
    public Dictionary<string, int> Events { get; } = [];

    /// <summary>Makes each operation first, so that this world knows the ledger's refusal before its aggregates take the step; null in a rehearsal itself.</summary>
    private readonly Rehearsal? _rehearsal;
    /// <summary>The ledger's refusal of the operation being performed, as the rehearsal met it: the command is not made.</summary>
    private LedgerException? _refusedByLedger;
    /// <summary>The ledger's refusal of the last operation this world made itself (only a rehearsal meets one).</summary>
    private LedgerException? _lastLedgerRefusal;

    public VoucherLedgerWorld() : this(rehearsed: true) { }

    private VoucherLedgerWorld(bool rehearsed)
    {
        if (rehearsed) _rehearsal = new Rehearsal();
        Fund = Fund.Create("dong-thap", FundKind.SmeDevelopment, null, Start);
        (Source, FundBudget) = Fund.OpenFiscalYear(2026, Start);
        Programs =
        [
            SupportProgram.Draft("DT-CDS-2026", Fund, 2026, Terms("Tư vấn và thử nghiệm", 45,
                [ServiceKind.DigitalTransformationConsulting, ServiceKind.LabTesting], [ProviderKind.Consultant, ProviderKind.TestingLab]), Start),
            SupportProgram.Draft("DT-TN-2026", Fund, 2026, Terms("Thử nghiệm", 200, [ServiceKind.LabTesting], [ProviderKind.TestingLab]), Start),
        ];
        _programAccounts = [.. Programs.Select(p => p.OpenAccounts(Start))];
        Ledger.Add([Source, FundBudget, .. _programAccounts.SelectMany(a => a)]);
        // the first decisions, so that applications can start at once: 60M for the fund, the first program's 45M envelope
        Ledger.Execute(Fund.AllocateBudget(2026, Money.Vnd(60_000_000), "1/QĐ-UBND", new DateOnly(2026, 1, 10), Source, FundBudget,
            FinanceOfficers[0], Start).Transfer);
        Allocated = 60_000_000;
        Ledger.Execute(Programs[0].ApproveEnvelope("1/QĐ-STC", new DateOnly(2026, 2, 1), FundBudget, _programAccounts[0], FinanceOfficers[0], Start));
        _smes =
        [
            Sme("140000011", "Xoài Cao Lãnh", 8, 2_500, 1_000),
            Sme(NineDigitsWithCheckDigit(2), "Sen Tháp Mười", 5, 1_200, 800),
            Sme(NineDigitsWithCheckDigit(3), "Gạo Sa Đéc", 60, 30_000, 10_000),
            Sme(NineDigitsWithCheckDigit(4), "Cá tra Hồng Ngự", 150, 150_000, 80_000),
            Sme("140000011", "Xoài Cao Lãnh chi nhánh Sa Đéc", 6, 1_000, 500, branch: "001"),
        ];
        Providers =
        [
            ServiceProvider.Register(TaxCode.WithCheckDigit("180000002"), "Tư vấn Sen Hồng", ProviderKind.Consultant, "dong-thap", "TV-01",
                new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
                [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình chuyển đổi số", Money.Vnd(60_000_000))], Start),
            ServiceProvider.Register(TaxCode.WithCheckDigit(NineDigitsWithCheckDigit(5, "18")), "Trung tâm Kiểm định Đồng Tháp", ProviderKind.TestingLab,
                "dong-thap", "PTN-02", new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
                [new ProviderService(ServiceKind.LabTesting, "Thử nghiệm chất lượng", Money.Vnd(40_000_000))], Start),
            ServiceProvider.Register(TaxCode.Parse(_smes[1].TaxCode.Value + "-002"), "Tư vấn Sen Tháp Mười", ProviderKind.Consultant, "dong-thap", "TV-03",
                new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31),
                [new ProviderService(ServiceKind.DigitalTransformationConsulting, "Lộ trình", Money.Vnd(60_000_000))], Start),
        ];
    }

    private static ProgramTerms Terms(string name, long envelopeMillions, ServiceKind[] services, ProviderKind[] providers) =>
        new(name, Money.Vnd(envelopeMillions * 1_000_000), services, providers, [], SupportRate.FromPercent(50),
            [new ProgramCap(SizeClass.Micro, Money.Vnd(20_000_000), Money.Vnd(30_000_000)),
             new ProgramCap(SizeClass.Small, Money.Vnd(40_000_000), Money.Vnd(50_000_000)),
             new ProgramCap(SizeClass.Medium, Money.Vnd(60_000_000), Money.Vnd(80_000_000))],
            10, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), MinimumSupport: Money.Vnd(1_000_000), PriceMarginPercent: 10);

    private static Enterprise Sme(string nineDigits, string name, int staff, long revenueMillions, long capitalMillions, string? branch = null)
    {
        var taxCode = TaxCode.WithCheckDigit(nineDigits);
        if (branch is not null) taxCode = TaxCode.Parse($"{taxCode.Value}-{branch}");
        return Enterprise.Register(taxCode, Profile($"Công ty TNHH {name}", "dong-thap", staff, revenueMillions, capitalMillions),
            new Actor($"sme-{taxCode}", "sme"), Start);
    }

    private static EnterpriseProfile Profile(string name, string province, int staff, long revenueMillions, long capitalMillions) =>
        new(name, province, "Phường Cao Lãnh", SectorGroup.AgricultureForestryFisheryIndustryConstruction, Sector.Agriculture,
            staff, Money.Vnd(revenueMillions * 1_000_000), Money.Vnd(capitalMillions * 1_000_000));

    /// <summary>The first nine digits <paramref name="prefix"/>, <paramref name="n"/>, a counter that have a check digit.</summary>
    private static string NineDigitsWithCheckDigit(int n, string prefix = "14") =>
        Enumerable.Range(0, 10_000).Select(i => $"{prefix}{n:D3}{i:D4}").First(digits => TaxCode.ComputeCheckDigit(digits) is not null);

    private static Actor ActorOf(VoucherTransition? step) => step is null ? Actor.System : new(step.ActorSubject, step.ActorRole);
    private static Actor SmeActor(Enterprise e) => new($"sme-{e.TaxCode}", "sme");
    private static Actor ProviderUser(ServiceProvider p) => new($"provider-{p.TaxCode}", "provider", p.Id);
    private SupportProgram ProgramOf(Voucher v) => Programs.Single(p => p.Id == v.ProgramId);
    private Enterprise SmeOf(Voucher v) => Smes.Single(e => e.Id == v.EnterpriseId);

    /// <summary>
    /// What the enterprise (its head office, branches included) already requested or holds in the program this year,
    /// <paramref name="except"/> excluded (as the application reads it).
    /// </summary>
    private Money Held(Enterprise sme, Guid programId, Guid? except = null) => _vouchers
        .Where(v => v.HeadOfficeTaxCode == sme.TaxCode.HeadOffice.Value && v.ProgramId == programId && v.Id != except && VoucherLifecycle.CountsAgainstSmeCap.Contains(v.Status))
        .Aggregate(Money.Zero, (sum, v) => sum + VoucherLifecycle.AmountHeld(v.FaceValue, v.ProposedAmount, v.RequestedAmount));

    /// <summary>What <paramref name="officer"/> issued alone to the voucher's enterprise in its program, the voucher excluded (as the application reads it).</summary>
    public Money ApprovedAlone(Voucher voucher, string officer) => IssuedAlone(officer, voucher.HeadOfficeTaxCode, voucher.ProgramId, voucher.Id);

    public Money IssuedAlone(string officer, string headOffice, Guid programId, Guid? except = null) => _vouchers
        .Where(v => v.HeadOfficeTaxCode == headOffice && v.ProgramId == programId && v.Id != except && VoucherLifecycle.CountsAgainstSmeCap.Contains(v.Status)
                    && v.History.Any(h => h.Trigger == VoucherTrigger.Approve && h.To == VoucherStatus.Issued && h.ActorSubject == officer)
                    && !v.History.Any(h => h.To == VoucherStatus.AwaitingSecondApproval))
        .Aggregate(Money.Zero, (sum, v) => sum + v.FaceValue!.Value);

    // ----- running an operation ----------------------------------------------------------------------------------

    public enum Outcome { Accepted, RefusedByAggregate, RefusedByLedger, NothingToActOn }

    /// <summary>
    /// Runs <paramref name="op"/> three hours after the previous one, so that vouchers valid for ten days also expire unused
    /// (an expiry first moves the clock past the voucher's validity).
    /// </summary>
    public Outcome Run(Op op) => Perform(op, _rehearsal?.Rehearse(op));

    /// <summary>Runs <paramref name="op"/>; <paramref name="refusedByLedger"/>: the ledger refuses its transfer (known from a rehearsal).</summary>
    private Outcome Perform(Op op, LedgerException? refusedByLedger)
    {
        _refusedByLedger = refusedByLedger;
        _lastLedgerRefusal = null;
        Now = Now.AddHours(3);
        var outcome = op.Kind switch
        {
            WorldOp.Allocate => Allocate(op),
            WorldOp.ApproveEnvelope => ApproveEnvelope(op),
            WorldOp.Apply => Apply(op),
            WorldOp.ChangeProfile => ChangeProfile(op),
            WorldOp.DecideProfileChange => DecideProfileChange(op),
            WorldOp.TopUpEnvelope => TopUpEnvelope(op),
            WorldOp.ReduceEnvelope => ReduceEnvelope(op),
            WorldOp.CloseProgram => CloseProgram(op),
            WorldOp.SuspendProvider or WorldOp.ReinstateProvider => Accreditation(op),
            _ => OnVoucher(op),
        };
        Assert.True(_refusedByLedger is null, $"The rehearsal's ledger refused {op}, which reached no command here.");
        Count($"{op.Kind}:{outcome}");
        return outcome;
    }

    private Outcome Allocate(Op op)
    {
        var amount = Money.Vnd(op.Millions * 5_000_000L);
        return Command(Fund, () => Fund.AllocateBudget(2026, amount, $"{++_serial}/QĐ-UBND", new DateOnly(2026, 1, 10),
            Source, FundBudget, FinanceOfficers[op.Who % 3], Now).Transfer, () => Allocated += amount.Dong);
    }

    private Outcome ApproveEnvelope(Op op)
    {
        var index = op.Pick % Programs.Length;
        var program = Programs[index];
        return Command(program, () => program.ApproveEnvelope($"{++_serial}/QĐ-STC", new DateOnly(2026, 2, 1), FundBudget,
            _programAccounts[index], FinanceOfficers[op.Who % 3], Now));
    }

    private LedgerAccount BudgetOf(int index) => _programAccounts[index].Single(a => a.Code == AccountCode.ProgramBudget);

    private Outcome TopUpEnvelope(Op op)
    {
        var index = op.Pick % Programs.Length;
        var program = Programs[index];
        return Command(program, () => program.TopUpEnvelope(Money.Vnd(op.Millions * 1_000_000L), $"{++_serial}/QĐ-STC-BS", new DateOnly(2026, 3, 1),
            FundBudget, Now));
    }

    private Outcome ReduceEnvelope(Op op)
    {
        var index = op.Pick % Programs.Length;
        var program = Programs[index];
        var budget = BudgetOf(index);
        var amount = op.Who == 7 ? budget.AvailableDebitCapacity + Money.Vnd(1) : Money.Vnd(op.Millions * 1_000_000L);
        return Command(program, () => program.ReduceEnvelope(amount, $"{++_serial}/QĐ-STC-DC", new DateOnly(2026, 3, 1), FundBudget, budget, Now));
    }

    private Outcome CloseProgram(Op op)
    {
        if (op.Who < 5) return Outcome.NothingToActOn;
        return Command(Programs[1], () => Programs[1].Close($"{++_serial}/QĐ-STC-DONG", new DateOnly(2026, 6, 30), FundBudget, BudgetOf(1),
            FinanceOfficers[op.Who % 3], Now));
    }

    private Outcome Accreditation(Op op)
    {
        var provider = Providers[op.Pick % Providers.Count];
        var decision = $"{++_serial}/QĐ-SKHCN";
        var suspend = op.Kind == WorldOp.SuspendProvider;
        if (Attempt([provider], () =>
            {
                if (suspend) provider.Suspend("dong-thap", "Vi phạm điều kiện công nhận", decision, VietnamTime.Today(Now), Now);
                else provider.Reinstate("dong-thap", "Đã khắc phục", decision, VietnamTime.Today(Now), Now);
            }) is { } refusal)
        {
            Refused(refusal);
            return Outcome.RefusedByAggregate;
        }
        return Outcome.Accepted;
    }

    private Outcome Apply(Op op)
    {
        var program = Programs[op.Pick % Programs.Length];
        var sme = Smes[op.Pick / 2 % Smes.Count];
        ServiceKind[] kinds = [ServiceKind.DigitalTransformationConsulting, ServiceKind.LabTesting, ServiceKind.LabTesting, ServiceKind.AiSolution];
        var kind = kinds[op.Who % kinds.Length];
        try
        {
            _vouchers.Add(Voucher.Apply(program, sme, kind, Money.Vnd(Math.Max(1, op.Millions) * 1_000_000L), "Chuyển đổi số",
                Held(sme, program.Id), SmeActor(sme), Now));
            if (sme.TaxCode.IsBranch) Count("Apply:branch");
            return Outcome.Accepted;
        }
        catch (DomainException e)
        {
            Refused(e);
            return Outcome.RefusedByAggregate;
        }
    }

    /// <summary>
    /// The SME declares: Who 0–1 one more employee (same size class), 2–3 the next size up (medium becomes not an SME),
    /// 4 the province Đồng Nai, 5 back to Đồng Tháp with its first figures, 7 a declaration without a name, else nothing new. Open vouchers decide whether a
    /// change of province or size class applies or waits.
    /// </summary>
    private Outcome ChangeProfile(Op op)
    {
        var sme = _smes[op.Pick % _smes.Count];
        var (staff, revenue) = (sme.AverageInsuredEmployees, sme.AnnualRevenue.Dong / 1_000_000);
        var declared = op.Who switch
        {
            0 or 1 => Profile(sme.Name, sme.ProvinceCode, staff + 1, revenue, sme.TotalCapital.Dong / 1_000_000),
            2 or 3 => Profile(sme.Name, sme.ProvinceCode, sme.SizeClass switch { SizeClass.Micro => 60, SizeClass.Small => 150, _ => 500 },
                sme.SizeClass switch { SizeClass.Micro => 30_000, SizeClass.Small => 150_000, _ => 900_000 }, 900_000),
            4 => Profile(sme.Name, "dong-nai", staff, revenue, sme.TotalCapital.Dong / 1_000_000),
            5 => Profile(sme.Name, "dong-thap", 8, 2_500, 1_000),
            7 => Profile("  ", sme.ProvinceCode, staff, revenue, sme.TotalCapital.Dong / 1_000_000), // no name: refused
            _ => Profile(sme.Name, sme.ProvinceCode, staff, revenue, sme.TotalCapital.Dong / 1_000_000),
        };
        var open = _vouchers.Any(v => v.EnterpriseId == sme.Id && VoucherLifecycle.Open.Contains(v.Status));
        EnterpriseProfileChange? change = null;
        if (Attempt([sme], () => change = sme.UpdateProfile(declared, open, SmeActor(sme), Now)) is { } refusal)
        {
            Refused(refusal);
            return Outcome.RefusedByAggregate;
        }
        if (change is null) return Outcome.NothingToActOn;
        ProfileChanges.Add(change);
        Count($"ChangeProfile:{change.Status}");
        return Outcome.Accepted;
    }

    /// <summary>A reviewer decides a change that waits: approves with an even Pick, rejects with an odd one; Who = 8, 9: the declarant tries.</summary>
    private Outcome DecideProfileChange(Op op)
    {
        if (op.Who == 7 && ProfileChanges.Where(c => c.Status != EnterpriseProfileChangeStatus.PendingReview).ToList() is { Count: > 0 } decided)
        {
            // a change that does not wait (applied at once, or decided already) cannot be decided
            var done = decided[op.Pick % decided.Count];
            var owner = _smes.Single(e => e.Id == done.EnterpriseId);
            Refused(Assert.IsType<ConflictException>(Attempt([owner, done], () => owner.DecideProfileChange(done, true, null, Reviewers[0], Now))));
            return Outcome.RefusedByAggregate;
        }
        var waiting = _smes.Where(e => e.PendingProfileChangeId is not null).ToList();
        if (waiting.Count == 0) return Outcome.NothingToActOn;
        var sme = waiting[op.Pick % waiting.Count];
        var change = ProfileChanges.Single(c => c.Id == sme.PendingProfileChangeId);
        var reviewer = op.Who is 9 or 8 ? SmeActor(sme) with { Role = "reviewer" } : Reviewers[op.Who % 2];
        if (Attempt([sme, change], () => sme.DecideProfileChange(change, approve: op.Pick % 2 == 0, "Đối chiếu dữ liệu BHXH", reviewer, Now)) is { } refusal)
        {
            Refused(refusal);
            return Outcome.RefusedByAggregate;
        }
        Count($"DecideProfileChange:{change.Status}");
        return Outcome.Accepted;
    }

    private static VoucherTrigger TriggerOf(WorldOp op) => Enum.Parse<VoucherTrigger>(op.ToString());

    /// <summary>
    /// A voucher command: mostly on a voucher the table lets take the step now (so long paths are reached), one time in
    /// ten on any voucher (so illegal transitions are tried too).
    /// </summary>
    private Outcome OnVoucher(Op op)
    {
        if (_vouchers.Count == 0) return Outcome.NothingToActOn;
        var trigger = TriggerOf(op.Kind);
        var ready = trigger switch
        {
            // issued vouchers, whether or not past their validity (the clock may move past it first: see below)
            VoucherTrigger.Expire or VoucherTrigger.Redeem => _vouchers.Where(v => v.Status == VoucherStatus.Issued).ToList(),
            _ => _vouchers.Where(v => v.PermittedTriggers(Now).Contains(trigger)).ToList(),
        };
        var candidates = ready.Count > 0 && op.Pick % 10 != 0 ? ready : _vouchers;
        // the year ends (Who = 9 on a carry-over): from now on what 2026 left open waits for a decision
        // (not in the first 40 days, so that most of a run happens within the year and every other operation is reached)
        if (trigger == VoucherTrigger.CarryOver && op.Who == 9 && Now >= Start.AddDays(40) && VietnamTime.FiscalYear(Now) == 2026)
        {
            Now = new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.FromHours(7));
            Count("YearEnded");
            ready = [.. _vouchers.Where(x => x.PermittedTriggers(Now).Contains(trigger))];
            candidates = ready.Count > 0 ? ready : _vouchers;
        }
        var v = candidates[op.Pick % candidates.Count];
        // an expiry mostly comes after the validity date (else it is refused); a redemption sometimes does (Who = 8: refused)
        if (v.Status == VoucherStatus.Issued && ((trigger == VoucherTrigger.Expire && op.Pick % 4 != 0) || (trigger == VoucherTrigger.Redeem && op.Who == 8)))
        {
            var after = VietnamTime.StartOf(v.ValidUntil!.Value.AddDays(1));
            if (after > Now) Now = after;
        }
        var from = v.Status;
        var budgetYear = v.BudgetYear; // the year a carry-over leaves (the voucher's has moved on by the time its accounts are opened)
        var outcome = Command(v, () => Act(v, op), opening: trigger == VoucherTrigger.CarryOver ? () => OpenCarryOverAccounts(ProgramOf(v), budgetYear) : null);
        if (outcome == Outcome.Accepted)
        {
            Count($"{trigger}:{from}->{v.Status}");
            if (trigger == VoucherTrigger.Accept && v.AcceptedAmount < v.SupportAmount) Count("Accept:partial");
            if (trigger == VoucherTrigger.ClawBack && v.ClawedBackAmount < v.AcceptedAmount) Count($"ClawBack:partial-from-{from}");
        }
        return outcome;
    }

    /// <summary>The program's accounts a carry-over out of <paramref name="year"/> moves through (made here, opened in the ledger by <see cref="Command"/>).</summary>
    private CarryOverAccounts CarryOverAccountsOf(SupportProgram program, int year)
    {
        var (accounts, opened) = program.CarryOverAccounts(year, [.. _programAccounts[Array.IndexOf(Programs, program)], .. _yearAccounts.Values], Start);
        foreach (var made in opened) _yearAccounts[(program.Id, made.FiscalYear, made.Code)] = made;
        return accounts;
    }

    /// <summary>Opens in the ledger the carry-over accounts of the program and year that it does not hold yet.</summary>
    private void OpenCarryOverAccounts(SupportProgram program, int year)
    {
        _ = CarryOverAccountsOf(program, year);
        foreach (var ((id, fiscalYear, _), account) in _yearAccounts)
            if (id == program.Id && fiscalYear is var y && (y == year || y == year + 1) && Ledger.FindAccount(account.Id) is null) Ledger.Add(account);
    }

    /// <summary>The program's accounts of the voucher's budget year when a carry-over moved it past the program's own.</summary>
    private ProgramYearAccounts? BudgetYearAccountsOf(Voucher v) =>
        v.BudgetYear == ProgramOf(v).FiscalYear ? null : CarryOverAccountsOf(ProgramOf(v), v.BudgetYear - 1).To;

    private IReadOnlyList<TransferRequest> Act(Voucher v, Op op)
    {
        if (op.Kind == WorldOp.CarryOver)
            return v.CarryOver(ProgramOf(v), CarryOverAccountsOf(ProgramOf(v), v.BudgetYear), $"{++_serial}/QĐ-UBND-CN", VietnamTime.Today(Now),
                FinanceOfficers[op.Who % 3], Now);
        return ActOne(v, op) is { } one ? [one] : [];
    }

    private TransferRequest? ActOne(Voucher v, Op op)
    {
        var program = ProgramOf(v);
        var sme = SmeOf(v);
        var bound = Providers.FirstOrDefault(p => p.Id == v.ProviderId);
        // the bound provider, or before redemption one offering the service; with Who = 9 any provider (refused when it is the wrong one)
        var provider = op.Who == 9 ? Providers[op.Pick % Providers.Count] : bound ?? Providers.FirstOrDefault(p => p.Offers(v.ServiceKind)) ?? Providers[0];
        var reviewer = Reviewers[op.Who % 2];
        var finance = FinanceOfficers[op.Who % 3];
        switch (op.Kind)
        {
            case WorldOp.Recommend: v.Recommend(null, reviewer, Now); return null;
            case WorldOp.ReturnForInfo: v.ReturnForInfo("Thiếu báo giá", reviewer, Now); return null;
            case WorldOp.Resubmit:
                v.Resubmit(program, sme, Money.Vnd(Math.Max(1, op.Millions) * 1_000_000L), "Bổ sung", Held(sme, program.Id, v.Id), SmeActor(sme), Now);
                return null;
            case WorldOp.Reject: v.Reject("Không đúng đối tượng", reviewer, Now); return null;
            case WorldOp.Withdraw: return v.Withdraw(null, SmeActor(sme), Now);
            case WorldOp.Approve:
                // finance-1 approves, finance-2 gives the second approval; Who = 9: the recommender, or the first approver again
                var second = v.Status == VoucherStatus.AwaitingSecondApproval;
                var approver = op.Who != 9 ? FinanceOfficers[second ? 1 : 0]
                    : ActorOf(v.History.LastOrDefault(h => h.To == (second ? VoucherStatus.AwaitingSecondApproval : VoucherStatus.Recommended)));
                Money? amount = op.Who switch
                {
                    0 or 1 => Money.Vnd(v.RequestedAmount.Dong * op.Percent / 100), // less than asked (zero is refused)
                    7 => v.RequestedAmount + Money.Vnd(1_000_000), // more than asked: refused
                    _ => null,
                };
                var alone = ApprovedAlone(v, approver.Subject);
                var result = v.Approve(program, amount, Held(sme, program.Id, v.Id), Policy, approver, Now, alone);
                if (v.Status == VoucherStatus.AwaitingSecondApproval && v.ProposedAmount < Policy.SecondApprovalFrom) Count("Approve:cumulative-four-eyes");
                return result;
            case WorldOp.Expire: return v.Expire(Now);
            case WorldOp.Cancel: return v.Cancel("Phát hiện sai phạm", finance, Now);
            case WorldOp.Redeem: // Who = 6: the SME's own user, through the provider's account (a related party)
                var redeemer = op.Who == 6 ? SmeActor(sme) with { Role = "provider", ProviderId = provider.Id } : ProviderUser(provider);
                v.Redeem(program, provider, Money.Vnd(Math.Max(1, op.Millions) * 1_000_000L), $"HĐ-{++_serial}/2026", redeemer, Now);
                return null;
            case WorldOp.Deliver: v.Deliver(provider.Id, "Đã bàn giao", ProviderUser(provider), Now); return null;
            case WorldOp.ConfirmDelivery: v.ConfirmDelivery(null, op.Who == 9 ? ProviderUser(provider) : SmeActor(sme), Now); return null;
            case WorldOp.Dispute: v.Dispute("Chưa nhận đủ", SmeActor(sme), Now); return null;
            case WorldOp.RequestRework: v.RequestRework("Chưa đạt", reviewer, Now); return null;
            case WorldOp.Accept:
                Money? accepted = v.SupportAmount is not { } support ? null : op.Who switch
                {
                    0 or 1 or 2 => Money.Vnd(support.Dong * op.Percent / 100), // partial (zero is refused)
                    7 => support + Money.Vnd(1), // more than the support: refused
                    _ => null,
                };
                v.Accept($"BB-{++_serial}/NT", accepted, op.Who == 9 ? ProviderUser(provider) : reviewer, Now);
                return null;
            case WorldOp.ClaimPayment: v.ClaimPayment(provider.Id, $"C26TAA-{++_serial:D7}", ProviderUser(provider), Now); return null;
            case WorldOp.Settle: // finance-3 authorises payment; Who = 9: one who approved the voucher
                return v.Settle(program, op.Who == 9 ? ActorOf(v.History.LastOrDefault(h => h.Trigger == VoucherTrigger.Approve)) : FinanceOfficers[2], Now);
            case WorldOp.Disburse: // finance-4 records the payment; Who = 9, 6: the one who authorised it, 8, 7, 5: one who approved it (refused)
                var recorder = op.Who switch
                {
                    9 or 6 => ActorOf(v.History.LastOrDefault(h => h.Trigger == VoucherTrigger.Settle)),
                    8 or 7 or 5 => ActorOf(v.History.LastOrDefault(h => h.Trigger == VoucherTrigger.Approve)),
                    _ => Disburser,
                };
                return v.Disburse(program, $"UNC-{++_serial}", recorder, Now, BudgetYearAccountsOf(v));
            case WorldOp.Extend:
                var until = v.ValidUntil ?? VietnamTime.Today(Now);
                var to = op.Who switch
                {
                    7 => until.AddDays(2 * program.VoucherValidityDays + 1), // beyond issue date + twice the validity: refused
                    8 => until, // not later: refused
                    _ => until.AddDays(op.Millions), // 1–150 days (0: not later, refused); past the limit refused too
                };
                v.Extend(program, to, "Nhà cung cấp chậm tiến độ", finance, Now);
                return null;
            case WorldOp.ClawBack:
                Money? back = v.AcceptedAmount is not { } settled ? null : op.Who switch
                {
                    0 or 1 or 2 or 3 => Money.Vnd(settled.Dong * op.Percent / 100), // partial (zero is refused)
                    7 or 8 => settled + Money.Vnd(1), // more than settled: refused
                    _ => null,
                };
                return v.ClawBack(program, back, "Hồ sơ khống", finance, Now, BudgetYearAccountsOf(v));
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    /// <summary>
    /// The application's unit of work: <paramref name="act"/> calls one method of <paramref name="aggregate"/> and the
    /// transfer it returns is executed; <paramref name="accepted"/> runs when both accepted. A transfer the rehearsal saw
    /// the ledger refuse is not asked for: the command is refused as the ledger would refuse it, and nothing changes.
    /// </summary>
    private Outcome Command(object aggregate, Func<TransferRequest?> act, Action? accepted = null) =>
        Command(aggregate, () => act() is { } one ? [one] : [], accepted);

    /// <param name="opening">Opens the accounts the transfers need that the ledger does not hold yet (a carry-over's), once the aggregate accepted.</param>
    private Outcome Command(object aggregate, Func<IReadOnlyList<TransferRequest>> act, Action? accepted = null, Action? opening = null)
    {
        if (_refusedByLedger is { } known)
        {
            _refusedByLedger = null;
            Refused(known);
            return Outcome.RefusedByLedger;
        }
        IReadOnlyList<TransferRequest> batch = [];
        if (Attempt([aggregate], () => batch = act()) is { } refusal)
        {
            Refused(refusal);
            return Outcome.RefusedByAggregate;
        }
        opening?.Invoke();
        var outcome = batch.Count == 0 ? Outcome.Accepted : Execute(batch);
        if (outcome == Outcome.Accepted) accepted?.Invoke();
        return outcome;
    }

    /// <summary>
    /// Runs <paramref name="act"/>; when an aggregate refuses, its error, after checking that none of
    /// <paramref name="aggregates"/> changed (in a rehearsal, which is replaced anyway, the check is not made).
    /// </summary>
    private DomainException? Attempt(object[] aggregates, Action act)
    {
        var before = _rehearsal is null ? null : aggregates.Select(Describe).ToArray();
        try
        {
            act();
            return null;
        }
        catch (DomainException e)
        {
            if (before is not null) Assert.Equal(before, aggregates.Select(Describe));
            return e;
        }
    }

    private Outcome Execute(IReadOnlyList<TransferRequest> batch)
    {
        try
        {
            Ledger.Execute([.. batch]);
            return Outcome.Accepted;
        }
        catch (LedgerException e)
        {
            // only a rehearsal gets here, and its aggregate has taken the step: the rehearsal is built again (Rehearsal.Rehearse)
            Assert.True(_rehearsal is null, $"The ledger refused a {batch[e.FailedIndex < 0 ? 0 : e.FailedIndex].Kind} the rehearsal had accepted: {e.Code}");
            _lastLedgerRefusal = e;
            Refused(e);
            return Outcome.RefusedByLedger;
        }
    }

    private void Refused(DomainException e) => Count("refused:" + e.Code);

    private void Count(string name) => Events[name] = Events.GetValueOrDefault(name) + 1;

    // ----- the rehearsal -----------------------------------------------------------------------------------------

    /// <summary>
    /// A second world, the same as this one up to the ids and codes the domain generates, that makes each operation first,
    /// so that this world knows whether the ledger refuses the operation's transfer before its own aggregate takes the step.
    /// When the ledger refuses, the rehearsal's aggregate has taken it: the rehearsal is built again by replaying the
    /// operations performed so far (each with the ledger's known refusal, if any), so no aggregate is ever copied.
    /// </summary>
    private sealed class Rehearsal
    {
        private readonly List<(Op Op, LedgerException? RefusedByLedger)> _performed = [];
        private VoucherLedgerWorld _world = new(rehearsed: false);

        /// <summary>Makes <paramref name="op"/>; the ledger's refusal of its transfer, or null.</summary>
        public LedgerException? Rehearse(Op op)
        {
            _world.Perform(op, null);
            var refused = _world._lastLedgerRefusal;
            if (refused is not null)
            {
                _world = new VoucherLedgerWorld(rehearsed: false);
                foreach (var (performed, refusal) in _performed) _world.Perform(performed, refusal);
                _world.Perform(op, refused);
            }
            _performed.Add((op, refused));
            return refused;
        }
    }

    // ----- snapshots ---------------------------------------------------------------------------------------------

    /// <summary>Every public property of an aggregate (a voucher's history lines included), as text.</summary>
    public static string Describe(object entity) => string.Join("; ", entity.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => $"{p.Name}={Text(p.GetValue(entity))}"));

    private static string Text(object? value) => value switch
    {
        null => "null",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        VoucherTransition t => Describe(t),
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Everything an operation may change: which aggregates are stored (<see cref="Attempt"/> checks that a refusing
    /// aggregate did not change, and a transfer the ledger refuses is never asked of one), and the ledger's balances,
    /// versions and log.
    /// </summary>
    public (object[] Aggregates, IReadOnlyList<(Guid, long, long, long, long, long)> Ledger, int Log) Snapshot() =>
        ([.. Programs, .. _vouchers, .. _smes, .. ProfileChanges, .. Providers], Ledger.Snapshot(), Ledger.Log.Count);
}
