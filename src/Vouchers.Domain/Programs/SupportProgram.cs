using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Funds;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Programs;

public enum ProgramStatus { Draft = 1, Open = 2, Closed = 3 }

/// <summary>Caps for one SME size class (Decree 80/2021 style: e.g. 20 / 50 / 100 million VND). Data, not code.</summary>
public sealed record ProgramCap(SizeClass Size, Money PerVoucher, Money PerSmePerYear);

/// <summary>
/// Everything an administrator sets on a program. Validated as a whole by <see cref="SupportProgram"/>.
/// Eligible sectors empty means "every sector". <see cref="MinimumSupport"/>: the smallest support a redemption may
/// fix (zero means "more than zero"); <see cref="PriceMarginPercent"/>: how far (0–100%) a contract value may exceed
/// the provider's published list price for the service. <see cref="Nationwide"/>: open to enterprises of every province
/// (toàn quốc), not only the program's own; the program's province still funds and runs it.
/// </summary>
public sealed record ProgramTerms(
    string Name,
    Money Envelope,
    IReadOnlyList<ServiceKind> EligibleServiceKinds,
    IReadOnlyList<ProviderKind> EligibleProviderKinds,
    IReadOnlyList<Sector> EligibleSectors,
    SupportRate SupportRate,
    IReadOnlyList<ProgramCap> Caps,
    int VoucherValidityDays,
    DateOnly ApplicationOpens,
    DateOnly ApplicationCloses,
    Money MinimumSupport = default,
    int PriceMarginPercent = 0,
    bool Nationwide = false);

/// <summary>
/// A support program (scheme) drawing on one fund for one fiscal year. An administrator drafts it; the finance
/// department approves its envelope out of the fund's budget (a ledger transfer FundBudget → ProgramBudget),
/// which opens it for applications. Eligible sizes are exactly the size classes that have caps.
/// </summary>
public sealed class SupportProgram
{
    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public Guid FundId { get; private set; }
    public string ProvinceCode { get; private set; } = "";
    public FundKind FundKind { get; private set; }
    public int FiscalYear { get; private set; }
    public string Name { get; private set; } = "";
    public Money Envelope { get; private set; }
    public IReadOnlyList<ServiceKind> EligibleServiceKinds { get; private set; } = [];
    public IReadOnlyList<ProviderKind> EligibleProviderKinds { get; private set; } = [];
    public IReadOnlyList<Sector> EligibleSectors { get; private set; } = [];
    public SupportRate SupportRate { get; private set; }
    public IReadOnlyList<ProgramCap> Caps { get; private set; } = [];
    public int VoucherValidityDays { get; private set; }
    public DateOnly ApplicationOpens { get; private set; }
    public DateOnly ApplicationCloses { get; private set; }
    public ProgramStatus Status { get; private set; }
    public string? EnvelopeDecisionNumber { get; private set; }
    public DateOnly? EnvelopeDecisionDate { get; private set; }
    public string? EnvelopeApprovedBy { get; private set; }
    public Guid? BudgetAccountId { get; private set; }
    public Guid? PayableAccountId { get; private set; }
    public Guid? DisbursedAccountId { get; private set; }
    public bool IsDemo { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Optimistic-concurrency token, moved by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    // Declared last: V0007 appends the columns.
    /// <summary>The smallest support amount a redemption may fix; below it the redemption is refused (zero: any amount above zero).</summary>
    public Money MinimumSupport { get; private set; }
    /// <summary>How far, in percent of the list price, a contract value may exceed the provider's published price for the service.</summary>
    public int PriceMarginPercent { get; private set; }

    // Declared last: V0010 appends the columns.
    /// <summary>The last finance decision that amended the open program (top-up, reduction, window or validity), if any.</summary>
    public string? AmendmentDecisionNumber { get; private set; }
    public DateOnly? AmendmentDecisionDate { get; private set; }
    /// <summary>The finance decision that closed the program, who recorded it and when.</summary>
    public string? ClosureDecisionNumber { get; private set; }
    public DateOnly? ClosureDecisionDate { get; private set; }
    public string? ClosedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    // Declared last: V0013 appends the column.
    /// <summary>
    /// Open to enterprises of every province (toàn quốc), not only those of the program's own (issue 16): SMEs of any
    /// province see it among their programs and may apply. Its fund, envelope, officers and providers' accreditation are
    /// still the program's province's.
    /// </summary>
    public bool Nationwide { get; private set; }

    private SupportProgram() { }

    public static SupportProgram Draft(string code, Fund fund, int fiscalYear, ProgramTerms terms, DateTimeOffset now, bool isDemo = false)
    {
        FiscalYears.Validate(fiscalYear);
        var c = Text.Required(code, "code", 40);
        if (!c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            throw new InvalidValueException("code", "may contain only ASCII letters, digits, '-' and '_'.");
        var p = new SupportProgram
        {
            Id = Guid.CreateVersion7(now), Code = c.ToUpperInvariant(), FundId = fund.Id, ProvinceCode = fund.ProvinceCode,
            FundKind = fund.Kind, FiscalYear = fiscalYear, Status = ProgramStatus.Draft, CreatedAt = now, IsDemo = isDemo,
        };
        p.SetTerms(terms);
        return p;
    }

    /// <summary>Changes the terms of a program that is still a draft (once money is committed, terms are fixed).</summary>
    public void Amend(ProgramTerms terms)
    {
        if (Status != ProgramStatus.Draft)
            throw new BusinessRuleException("program.terms-fixed-once-open", "Only a draft program's terms can be changed.");
        SetTerms(terms);
    }

    private void SetTerms(ProgramTerms t)
    {
        Name = Text.Required(t.Name, "name", Text.NameMax);
        if (t.Envelope == Money.Zero) throw new InvalidValueException("envelope", "must be greater than zero.");
        if (t.EligibleServiceKinds.Count == 0) throw new InvalidValueException("eligibleServiceKinds", "must name at least one service kind.");
        if (t.EligibleProviderKinds.Count == 0) throw new InvalidValueException("eligibleProviderKinds", "must name at least one provider kind.");
        if (t.EligibleServiceKinds.Any(k => !Enum.IsDefined(k))) throw new InvalidValueException("eligibleServiceKinds", "contains an unknown service kind.");
        if (t.EligibleProviderKinds.Any(k => !Enum.IsDefined(k))) throw new InvalidValueException("eligibleProviderKinds", "contains an unknown provider kind.");
        if (t.EligibleSectors.Any(k => !Enum.IsDefined(k))) throw new InvalidValueException("eligibleSectors", "contains an unknown sector.");
        if (t.SupportRate.BasisPoints == 0) throw new InvalidValueException("supportRate", "must be greater than 0%.");
        if (t.Caps.Count == 0) throw new InvalidValueException("caps", "must give caps for at least one size class.");
        if (t.Caps.Any(c => c.Size == SizeClass.NotSme || !Enum.IsDefined(c.Size)))
            throw new InvalidValueException("caps", "may only name micro, small or medium enterprises.");
        if (t.Caps.GroupBy(c => c.Size).Any(g => g.Count() > 1)) throw new InvalidValueException("caps", "names a size class twice.");
        if (t.Caps.Any(c => c.PerVoucher == Money.Zero || c.PerVoucher > c.PerSmePerYear))
            throw new InvalidValueException("caps", "per-voucher caps must be positive and at most the per-SME yearly cap.");
        if (t.VoucherValidityDays is < 1 or > 730) throw new InvalidValueException("voucherValidityDays", "must be between 1 and 730 days.", "phải từ 1 đến 730 ngày.");
        if (t.ApplicationCloses < t.ApplicationOpens) throw new InvalidValueException("applicationCloses", "must not be before the window opens.", "không được trước ngày mở nhận hồ sơ.");
        if (t.PriceMarginPercent is < 0 or > 100) throw new InvalidValueException("priceMarginPercent", "must be between 0 and 100.");
        if (t.Caps.Any(c => t.MinimumSupport > c.PerVoucher))
            throw new InvalidValueException("minimumSupport", "must not exceed any per-voucher cap.");
        Envelope = t.Envelope;
        EligibleServiceKinds = t.EligibleServiceKinds.Distinct().Order().ToArray();
        EligibleProviderKinds = t.EligibleProviderKinds.Distinct().Order().ToArray();
        EligibleSectors = t.EligibleSectors.Distinct().Order().ToArray();
        SupportRate = t.SupportRate;
        Caps = t.Caps.OrderBy(c => c.Size).ToArray();
        VoucherValidityDays = t.VoucherValidityDays;
        ApplicationOpens = t.ApplicationOpens;
        ApplicationCloses = t.ApplicationCloses;
        MinimumSupport = t.MinimumSupport;
        PriceMarginPercent = t.PriceMarginPercent;
        Nationwide = t.Nationwide;
    }

    /// <summary>
    /// The highest contract value a provider may enter for a service it lists at <paramref name="listPrice"/>: the list
    /// price plus the program's margin, rounded down to whole đồng.
    /// </summary>
    public Money PriceCeiling(Money listPrice) =>
        listPrice + listPrice.ApplyRate(SupportRate.FromBasisPoints(PriceMarginPercent * 100));

    public IReadOnlyList<SizeClass> EligibleSizes => Caps.Select(c => c.Size).ToArray();

    /// <summary>The three accounts a program needs; opened when its envelope is approved.</summary>
    public IReadOnlyList<LedgerAccount> OpenAccounts(DateTimeOffset now) =>
    [
        LedgerAccount.Open(Guid.CreateVersion7(now), AccountCode.ProgramBudget, AccountCode.ProgramBudget.DefaultFlags(), FundId, FiscalYear, Id, $"{Code} — ngân sách", now),
        LedgerAccount.Open(Guid.CreateVersion7(now), AccountCode.ProgramPayable, AccountCode.ProgramPayable.DefaultFlags(), FundId, FiscalYear, Id, $"{Code} — phải trả", now),
        LedgerAccount.Open(Guid.CreateVersion7(now), AccountCode.ProgramDisbursed, AccountCode.ProgramDisbursed.DefaultFlags(), FundId, FiscalYear, Id, $"{Code} — đã chi", now),
    ];

    /// <summary>The program's accounts of its own fiscal year, bound when its envelope was approved (a method: nothing to map).</summary>
    public ProgramYearAccounts OwnYearAccounts() => BudgetAccountId is { } budget
        ? new ProgramYearAccounts(Id, FiscalYear, budget, PayableAccountId!.Value, DisbursedAccountId!.Value)
        : throw new BusinessRuleException("program.envelope-not-approved", $"Program {Code}'s envelope is not approved: it has no accounts yet.");

    /// <summary>
    /// One of the accounts a carry-over needs (chuyển nguồn, <see cref="Vouchers.Voucher.CarryOver"/>) for a later year
    /// than the program's own: <see cref="AccountCode.CarriedForward"/> in the year that ended, and
    /// <see cref="AccountCode.BroughtForward"/>, budget, payable and disbursed in the next. Opened the first time a
    /// decision needs it; the application keeps one per program, year and code.
    /// </summary>
    public LedgerAccount OpenYearAccount(AccountCode code, int fiscalYear, DateTimeOffset now)
    {
        FiscalYears.Validate(fiscalYear);
        if (!code.IsProgramAccount()) throw new ArgumentOutOfRangeException(nameof(code), code, "Not a program account.");
        if (fiscalYear < FiscalYear || (fiscalYear == FiscalYear && code != AccountCode.CarriedForward))
            throw new ArgumentOutOfRangeException(nameof(fiscalYear), fiscalYear, $"Program {Code}'s accounts of {FiscalYear} were opened with its envelope.");
        var name = code switch
        {
            AccountCode.ProgramBudget => $"{Code} — ngân sách năm {fiscalYear} (chuyển nguồn)",
            AccountCode.ProgramPayable => $"{Code} — phải trả năm {fiscalYear} (chuyển nguồn)",
            AccountCode.ProgramDisbursed => $"{Code} — đã chi năm {fiscalYear} (chuyển nguồn)",
            AccountCode.CarriedForward => $"{Code} — chuyển nguồn sang năm {fiscalYear + 1}",
            _ => $"{Code} — nguồn năm {fiscalYear - 1} chuyển sang",
        };
        return LedgerAccount.Open(Guid.CreateVersion7(now), code, code.DefaultFlags(), FundId, fiscalYear, Id, name, now);
    }

    /// <summary>
    /// The accounts a carry-over out of <paramref name="fiscalYear"/> moves through (<see cref="Vouchers.Voucher.CarryOver"/>),
    /// taken from <paramref name="existing"/> (the program's accounts it already has, of any year; others are ignored)
    /// and, where one is missing, made with <see cref="OpenYearAccount"/>: those are in <c>Opened</c>, for the caller to
    /// add to the ledger with the decision.
    /// </summary>
    public (CarryOverAccounts Accounts, IReadOnlyList<LedgerAccount> Opened) CarryOverAccounts(int fiscalYear, IEnumerable<LedgerAccount> existing,
        DateTimeOffset now)
    {
        if (fiscalYear < FiscalYear)
            throw new BusinessRuleException("year-end.not-in-year", $"Program {Code} is funded from {FiscalYear}: it holds nothing of {fiscalYear}'s budget.");
        var own = existing.Where(a => a.ProgramId == Id).ToList();
        var opened = new List<LedgerAccount>();
        LedgerAccount Account(AccountCode code, int year)
        {
            if (own.FirstOrDefault(a => a.Code == code && a.FiscalYear == year) is { } found) return found;
            var made = OpenYearAccount(code, year, now);
            own.Add(made);
            opened.Add(made);
            return made;
        }
        var carriedForward = Account(AccountCode.CarriedForward, fiscalYear);
        var broughtForward = Account(AccountCode.BroughtForward, fiscalYear + 1);
        ProgramYearAccounts Set(int year) => new(Id, year, Account(AccountCode.ProgramBudget, year).Id, Account(AccountCode.ProgramPayable, year).Id,
            Account(AccountCode.ProgramDisbursed, year).Id);
        return (new CarryOverAccounts(Set(fiscalYear), carriedForward.Id, broughtForward.Id, Set(fiscalYear + 1)), opened);
    }

    /// <summary>
    /// Finance approves the envelope: the program's accounts are bound and the envelope moves from the fund's
    /// budget for the same fiscal year (the ledger refuses it if the fund's budget cannot cover it).
    /// </summary>
    public TransferRequest ApproveEnvelope(string decisionNumber, DateOnly decisionDate, LedgerAccount fundBudget,
        IReadOnlyList<LedgerAccount> programAccounts, Actor actor, DateTimeOffset now)
    {
        if (Status != ProgramStatus.Draft)
            throw new BusinessRuleException("program.envelope-already-approved", $"Program {Code}'s envelope was already approved.");
        if (fundBudget.FundId != FundId || fundBudget.FiscalYear != FiscalYear || fundBudget.Code != AccountCode.FundBudget)
            throw new InvalidOperationException("The fund budget account does not belong to this program's fund and fiscal year.");
        EnvelopeDecisionNumber = Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax);
        EnvelopeDecisionDate = decisionDate;
        EnvelopeApprovedBy = actor.Subject;
        BudgetAccountId = programAccounts.Single(a => a.Code == AccountCode.ProgramBudget && a.ProgramId == Id).Id;
        PayableAccountId = programAccounts.Single(a => a.Code == AccountCode.ProgramPayable && a.ProgramId == Id).Id;
        DisbursedAccountId = programAccounts.Single(a => a.Code == AccountCode.ProgramDisbursed && a.ProgramId == Id).Id;
        Status = ProgramStatus.Open;
        return new TransferRequest(Guid.CreateVersion7(now), fundBudget.Id, BudgetAccountId.Value, Envelope, TransferKind.EnvelopeApproval,
            Reference: EnvelopeDecisionNumber, Reason: $"Phê duyệt kinh phí chương trình {Code}");
    }

    /// <summary>
    /// A finance decision adds <paramref name="amount"/> to an open program's envelope, out of the fund's budget for the
    /// program's fiscal year (the ledger refuses it if that budget cannot cover it).
    /// </summary>
    public TransferRequest TopUpEnvelope(Money amount, string decisionNumber, DateOnly decisionDate, LedgerAccount fundBudget, DateTimeOffset now)
    {
        EnsureOpenForAmendment();
        EnsureFundBudget(fundBudget);
        if (amount == Money.Zero) throw new InvalidValueException("amount", "must be greater than zero.", "phải lớn hơn 0.");
        var envelope = Envelope + amount; // checked before anything changes: a refused command leaves the program as it was
        RecordAmendment(decisionNumber, decisionDate);
        Envelope = envelope;
        return new TransferRequest(Guid.CreateVersion7(now), fundBudget.Id, BudgetAccountId!.Value, amount, TransferKind.EnvelopeTopUp,
            Reference: AmendmentDecisionNumber, Reason: $"Bổ sung kinh phí chương trình {Code} (quyết định ngày {decisionDate:dd/MM/yyyy})");
    }

    /// <summary>
    /// A finance decision takes <paramref name="amount"/> back from the program's envelope to the fund's budget. Only what
    /// is neither committed to vouchers nor spent can be taken back (<paramref name="programBudget"/>'s available balance;
    /// the ledger's balance constraint refuses it too), and the envelope stays above zero (to end a program, close it).
    /// A closed program may still hand back what later came free (a released commitment, a clawback).
    /// </summary>
    public TransferRequest ReduceEnvelope(Money amount, string decisionNumber, DateOnly decisionDate, LedgerAccount fundBudget,
        LedgerAccount programBudget, DateTimeOffset now)
    {
        EnsureEnvelopeApproved();
        EnsureFundBudget(fundBudget);
        EnsureOwnBudget(programBudget);
        if (amount == Money.Zero) throw new InvalidValueException("amount", "must be greater than zero.", "phải lớn hơn 0.");
        if (amount > programBudget.AvailableDebitCapacity)
            throw new BusinessRuleException("program.reduction-exceeds-available",
                $"Only {programBudget.AvailableDebitCapacity} of program {Code}'s envelope is neither committed nor spent; {amount} cannot be taken back.")
                { Values = new Dictionary<string, object> { ["available"] = programBudget.AvailableDebitCapacity } };
        if (Status == ProgramStatus.Open && amount >= Envelope)
            throw new BusinessRuleException("program.envelope-must-stay-positive", $"Program {Code}'s envelope cannot be reduced to nothing: close the program instead.");
        RecordAmendment(decisionNumber, decisionDate);
        Envelope -= amount;
        return new TransferRequest(Guid.CreateVersion7(now), BudgetAccountId!.Value, fundBudget.Id, amount, TransferKind.EnvelopeReduction,
            Reference: AmendmentDecisionNumber, Reason: $"Điều chỉnh giảm kinh phí chương trình {Code} (quyết định ngày {decisionDate:dd/MM/yyyy})");
    }

    /// <summary>
    /// A finance decision changes the application window and the validity of vouchers issued from now on. Only the
    /// future can change: a window that has already opened keeps its opening day, and the window cannot close before
    /// today; vouchers already issued keep the validity they were issued with (they store their own last day).
    /// </summary>
    public void AmendSchedule(DateOnly applicationOpens, DateOnly applicationCloses, int voucherValidityDays, string decisionNumber,
        DateOnly decisionDate, DateTimeOffset now)
    {
        EnsureOpenForAmendment();
        var today = VietnamTime.Today(now);
        if (applicationOpens != ApplicationOpens && (ApplicationOpens <= today || applicationOpens < today))
            throw new BusinessRuleException("program.amendment-not-forward",
                $"The opening day can only move while it is still ahead, and only to today or later (the window opened on {ApplicationOpens:dd/MM/yyyy}).");
        if (applicationCloses != ApplicationCloses && applicationCloses < today)
            throw new BusinessRuleException("program.amendment-not-forward", "The window cannot be made to close before today.");
        if (applicationCloses < applicationOpens) throw new InvalidValueException("applicationCloses", "must not be before the window opens.", "không được trước ngày mở nhận hồ sơ.");
        if (voucherValidityDays is < 1 or > 730) throw new InvalidValueException("voucherValidityDays", "must be between 1 and 730 days.", "phải từ 1 đến 730 ngày.");
        RecordAmendment(decisionNumber, decisionDate);
        ApplicationOpens = applicationOpens;
        ApplicationCloses = applicationCloses;
        VoucherValidityDays = voucherValidityDays;
    }

    /// <summary>
    /// A finance decision closes the program: it accepts no more applications and approves no more vouchers, and what is
    /// left of its envelope (<paramref name="programBudget"/>'s available balance) returns to the fund's budget. Open
    /// commitments stay until they are settled or released. Returns the transfer, or null when nothing is left.
    /// </summary>
    public TransferRequest? Close(string decisionNumber, DateOnly decisionDate, LedgerAccount fundBudget, LedgerAccount programBudget,
        Actor actor, DateTimeOffset now)
    {
        EnsureClosable();
        EnsureFundBudget(fundBudget);
        EnsureOwnBudget(programBudget);
        ClosureDecisionNumber = Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax);
        ClosureDecisionDate = decisionDate;
        ClosedBy = actor.Subject;
        ClosedAt = now;
        Status = ProgramStatus.Closed;
        var unused = programBudget.AvailableDebitCapacity;
        if (unused == Money.Zero) return null;
        Envelope -= unused;
        return new TransferRequest(Guid.CreateVersion7(now), BudgetAccountId!.Value, fundBudget.Id, unused, TransferKind.EnvelopeReturn,
            Reference: ClosureDecisionNumber, Reason: $"Đóng chương trình {Code}: hoàn trả kinh phí chưa sử dụng (quyết định ngày {decisionDate:dd/MM/yyyy})");
    }

    // The status rules of finance decisions. Public so that the application asks them first, before it loads the accounts
    // a decision needs (a draft's fund may have no budget for its year yet); each decision asks them again itself.

    /// <summary>Refuses a finance decision on a draft: its envelope is not approved, and its terms are amended as a draft.</summary>
    public void EnsureEnvelopeApproved()
    {
        if (Status == ProgramStatus.Draft)
            throw new BusinessRuleException("program.envelope-not-approved", $"Program {Code}'s envelope is not approved: amend the draft instead.");
    }

    /// <summary>Refuses an amendment (top-up, window and validity) of a program that is closed or still a draft.</summary>
    public void EnsureOpenForAmendment()
    {
        if (Status == ProgramStatus.Closed) throw new BusinessRuleException("program.closed", $"Program {Code} is closed.");
        EnsureEnvelopeApproved();
    }

    /// <summary>Refuses to close a program that is already closed or still a draft.</summary>
    public void EnsureClosable()
    {
        if (Status == ProgramStatus.Closed) throw new BusinessRuleException("program.closed", $"Program {Code} is already closed.");
        EnsureEnvelopeApproved();
    }

    private void RecordAmendment(string decisionNumber, DateOnly decisionDate)
    {
        AmendmentDecisionNumber = Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax);
        AmendmentDecisionDate = decisionDate;
    }

    private void EnsureFundBudget(LedgerAccount fundBudget)
    {
        if (fundBudget.FundId != FundId || fundBudget.FiscalYear != FiscalYear || fundBudget.Code != AccountCode.FundBudget || fundBudget.ProgramId != null)
            throw new InvalidOperationException("The fund budget account does not belong to this program's fund and fiscal year.");
    }

    private void EnsureOwnBudget(LedgerAccount programBudget)
    {
        if (programBudget.Id != BudgetAccountId || programBudget.Code != AccountCode.ProgramBudget)
            throw new InvalidOperationException("The budget account is not this program's.");
    }

    public ProgramCap CapFor(SizeClass size) =>
        Caps.FirstOrDefault(c => c.Size == size)
        ?? throw new BusinessRuleException("program.size-not-eligible", $"Program {Code} does not support {size} enterprises.");

    /// <summary>
    /// Every rule an application must pass: program open, inside the window, eligible SME (size, sector, province),
    /// eligible service kind, and the requested amount within the per-voucher and per-SME-per-year caps.
    /// </summary>
    public void EnsureAcceptsApplication(Enterprise sme, ServiceKind kind, Money requested, Money alreadyHeldThisYear, DateTimeOffset now)
    {
        if (Status == ProgramStatus.Closed)
            throw new BusinessRuleException("program.closed", $"Program {Code} is closed: it accepts no more applications.");
        if (Status != ProgramStatus.Open)
            throw new BusinessRuleException("program.not-open", $"Program {Code} is not open for applications.");
        var today = VietnamTime.Today(now);
        if (today < ApplicationOpens || today > ApplicationCloses)
            throw new BusinessRuleException("program.outside-application-window",
                $"Applications to {Code} are accepted from {ApplicationOpens:dd/MM/yyyy} to {ApplicationCloses:dd/MM/yyyy}.")
            { Values = new Dictionary<string, object> { ["opens"] = ApplicationOpens, ["closes"] = ApplicationCloses } };
        sme.EnsureProfileSettled();
        if (sme.SizeClass == SizeClass.NotSme)
            throw new BusinessRuleException("sme.not-an-sme", "The enterprise does not qualify as a small or medium enterprise under Decree 80/2021.");
        if (!Nationwide && sme.ProvinceCode != ProvinceCode)
            throw new BusinessRuleException("program.province-not-eligible", $"Program {Code} supports enterprises in {ProvinceCode} only.");
        if (EligibleSectors.Count > 0 && !EligibleSectors.Contains(sme.Sector))
            throw new BusinessRuleException("program.sector-not-eligible", $"Program {Code} does not support the {sme.Sector} sector.");
        if (!EligibleServiceKinds.Contains(kind))
            throw new BusinessRuleException("program.service-kind-not-eligible", $"Program {Code} does not pay for {kind}.");
        EnsureWithinCaps(sme.SizeClass, requested, alreadyHeldThisYear);
    }

    /// <summary>The program's minimum support, the per-voucher cap and the per-SME-per-year cap of the SME's size class.</summary>
    public void EnsureWithinCaps(SizeClass size, Money amount, Money alreadyHeldThisYear)
    {
        var cap = CapFor(size);
        if (amount == Money.Zero) throw new InvalidValueException("amount", "must be greater than zero.", "phải lớn hơn 0.");
        // a voucher worth less than the smallest support a redemption may fix could never be redeemed: it would only hold budget
        if (amount < MinimumSupport)
            throw new BusinessRuleException("program.below-minimum-support", $"Program {Code} supports at least {MinimumSupport} per voucher.")
            { Values = new Dictionary<string, object> { ["minimum"] = MinimumSupport } };
        if (amount > cap.PerVoucher)
            throw new BusinessRuleException("program.per-voucher-cap-exceeded", $"At most {cap.PerVoucher} per voucher for {size} enterprises.")
            { Values = new Dictionary<string, object> { ["cap"] = cap.PerVoucher, ["size"] = size } };
        if (alreadyHeldThisYear + amount > cap.PerSmePerYear)
            throw new BusinessRuleException("program.per-sme-year-cap-exceeded",
                $"At most {cap.PerSmePerYear} per enterprise in {FiscalYear}; {alreadyHeldThisYear} is already requested or held.")
            { Values = new Dictionary<string, object> { ["cap"] = cap.PerSmePerYear, ["fiscalYear"] = FiscalYear, ["held"] = alreadyHeldThisYear,
                ["remaining"] = cap.PerSmePerYear > alreadyHeldThisYear ? cap.PerSmePerYear - alreadyHeldThisYear : Money.Zero } };
    }
}
