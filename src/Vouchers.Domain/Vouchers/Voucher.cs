using System.Security.Cryptography;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Providers;
using Vouchers.Domain.Vouchers.Rules;

namespace Vouchers.Domain.Vouchers;

/// <summary>
/// A financial-support voucher (phiếu hỗ trợ tài chính), from the SME's application to the provider's payment.
/// Every state change goes through the voucher's own Stateless machine, built from <see cref="VoucherLifecycle.Table"/>
/// on first use and moving <see cref="Status"/> itself; every money-moving change returns the
/// ledger transfer that must be executed in the same transaction. Amounts the system decides (support amount,
/// co-payment, accepted amount bounds) are computed here, never taken from a client.
/// <para>Every intent method checks in one order: (0) its arguments belong to this voucher (the right program; a voucher
/// redeemed by another provider does not exist for this one); (1) the lifecycle table — <c>Guard</c>, so an illegal
/// transition is reported as such before anything else; (2) segregation of duties (<see cref="SegregationOfDuties"/>);
/// (3) its value rules, each a small type in <c>Vouchers/Rules</c> with its error code (<see cref="BusinessRules.Check"/>),
/// and its text; (4) only then does it change state and fire the trigger (<c>Move</c>/<c>Record</c>), returning the
/// transfer <see cref="VoucherTransfers"/> shapes. Nothing changes before (4).</para>
/// </summary>
public sealed class Voucher
{
    private readonly List<VoucherTransition> _history = [];

    /// <summary>This voucher's lifecycle engine (Stateless), built on first use: a field, never mapped; the state lives in <see cref="Status"/>.</summary>
    private TransitionTable<VoucherStatus, VoucherTrigger, VoucherGuardContext>.Machine? _lifecycle;

    public Guid Id { get; private set; }
    /// <summary>Human-readable, unguessable code printed on the voucher (e.g. <c>PH-7KQ2-M9XD-3TWA</c>).</summary>
    public string Code { get; private set; } = "";
    public Guid ProgramId { get; private set; }
    public Guid EnterpriseId { get; private set; }
    public TaxCode EnterpriseTaxCode { get; private set; } = null!;
    public SizeClass SizeClass { get; private set; }
    public int FiscalYear { get; private set; }
    public ServiceKind ServiceKind { get; private set; }
    public string Purpose { get; private set; } = "";
    public Money RequestedAmount { get; private set; }
    public VoucherStatus Status { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }

    public Money? FaceValue { get; private set; }
    public DateOnly? ValidUntil { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }
    /// <summary>The pending commitment that settlement posts and release voids. Every other transfer a voucher makes is on its history line.</summary>
    public Guid? CommitmentTransferId { get; private set; }

    public Guid? ProviderId { get; private set; }
    public string? ContractNumber { get; private set; }
    public Money? ContractValue { get; private set; }
    public Money? SupportAmount { get; private set; }
    public Money? CoPayment { get; private set; }
    public DateTimeOffset? RedeemedAt { get; private set; }

    public string? DeliveryNote { get; private set; }
    public Money? AcceptedAmount { get; private set; }
    public string? AcceptanceDecisionNumber { get; private set; }
    public string? EInvoiceNumber { get; private set; }
    public string? PaymentReference { get; private set; }
    public Money? ClawedBackAmount { get; private set; }

    public bool IsDemo { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public long Version { get; private set; }

    // Declared after Version on purpose: EF Core orders columns as properties are declared, and the column was added
    // later by ALTER TABLE (V0002), which appends it; the migrated schema must equal the model's.
    /// <summary>
    /// The face value the first approver chose when the approval needed a second officer (four eyes); the second
    /// approval commits exactly this amount. Null when one approval sufficed.
    /// </summary>
    public Money? ProposedAmount { get; private set; }

    // Declared last for the same reason (V0004 appends them).
    /// <summary>
    /// Which issue of the QR token is current: 0 before issuance, 1 at issuance, one more per reissue (a lost card).
    /// A scanned token whose serial is not this one is superseded and refused, however good its signature.
    /// </summary>
    public int QrSerial { get; private set; }

    /// <summary>The signed token (format VV1, docs/qr-token.md) the voucher's current QR code carries; null before issuance.</summary>
    public string? QrToken { get; private set; }

    // Declared last for the same reason (V0007 appends them).
    /// <summary>
    /// The applicant's 10-digit head-office tax code: caps and the four-eyes threshold count per enterprise, so a
    /// branch (<c>0123456789-001</c>) shares its head office's. Set at application.
    /// </summary>
    public string HeadOfficeTaxCode { get; private set; } = "";

    /// <summary>The enterprise's profile as it applied (what eligibility and caps were checked against, and what the reviewer sees); null for vouchers applied for before V0007.</summary>
    public EligibilitySnapshot? Eligibility { get; private set; }

    /// <summary>The highest contract value the redemption allowed: the provider's list price for the service plus the program's margin.</summary>
    public Money? PriceCeiling { get; private set; }

    /// <summary>The province of the program (and so of its fund): whose officers see and decide this voucher. Set at application; V0008 fills it in for older vouchers.</summary>
    public string ProvinceCode { get; private set; } = "";

    // Declared last: V0012 appends the column.
    /// <summary>
    /// The fiscal year whose budget pays this voucher: the program's <see cref="FiscalYear"/> until a finance decision
    /// carries its open commitment over to the next year (chuyển nguồn, <see cref="CarryOver"/>), which moves it one year
    /// on. Its commitment, payable and disbursement live in the program's accounts of this year
    /// (<see cref="ProgramYearAccounts"/>). Once this year has ended, the commitment can only be carried over or released:
    /// it is neither redeemed nor settled (<see cref="BudgetYearNotEnded"/>).
    /// </summary>
    public int BudgetYear { get; private set; }

    /// <summary>No contract for one voucher is plausibly larger (1.000 tỷ đồng); a value beyond it is a mistake or an attack.</summary>
    public static readonly Money MaxContractValue = Money.Vnd(1_000_000_000_000);

    /// <summary>The transitions in sequence order, however they were loaded (<see cref="VoucherTransition.InSequence"/>).</summary>
    public IReadOnlyList<VoucherTransition> History => VoucherTransition.InSequence(_history);

    private Voucher() { }

    // ----- application and review -------------------------------------------------------------------------

    /// <summary>
    /// An SME applies to a program. The program checks window, eligibility and caps; the enterprise's declared figures
    /// must be those of the program's fiscal year (<see cref="SizeDeclaredForProgramYear"/>).
    /// </summary>
    public static Voucher Apply(SupportProgram program, Enterprise sme, ServiceKind kind, Money requested, string purpose,
        Money alreadyHeldThisYear, Actor actor, DateTimeOffset now, bool isDemo = false)
    {
        if (!Enum.IsDefined(kind)) throw new InvalidValueException("serviceKind", "is not a known service kind.", "không phải loại dịch vụ hợp lệ.");
        program.EnsureAcceptsApplication(sme, kind, requested, alreadyHeldThisYear, now);
        BusinessRules.Check(new SizeDeclaredForProgramYear(program, sme));
        var v = new Voucher
        {
            Id = Guid.CreateVersion7(now), Code = NewCode(), ProgramId = program.Id, ProvinceCode = program.ProvinceCode, EnterpriseId = sme.Id,
            EnterpriseTaxCode = sme.TaxCode, HeadOfficeTaxCode = sme.TaxCode.HeadOffice.Value, SizeClass = sme.SizeClass,
            Eligibility = sme.Snapshot(now), FiscalYear = program.FiscalYear, BudgetYear = program.FiscalYear, ServiceKind = kind,
            Purpose = Text.Required(purpose, "purpose", Text.LongMax), RequestedAmount = requested,
            Status = VoucherLifecycle.Initial, SubmittedAt = now, UpdatedAt = now, IsDemo = isDemo,
        };
        v._history.Add(new VoucherTransition(v.Id, 1, null, VoucherStatus.Submitted, null, actor, now, null, null));
        return v;
    }

    /// <summary>
    /// The SME answers a request for more information, possibly changing what it asks for. It is a new submission: the
    /// program checks the enterprise as it now is (a change of province or size class reached it only through a
    /// reviewer), and that profile is what the voucher keeps from now on.
    /// </summary>
    public void Resubmit(SupportProgram program, Enterprise sme, Money requested, string purpose, Money alreadyHeldThisYear, Actor actor, DateTimeOffset now)
    {
        EnsureProgram(program);
        Guard(VoucherTrigger.Resubmit, now);
        program.EnsureAcceptsApplication(sme, ServiceKind, requested, alreadyHeldThisYear, now);
        BusinessRules.Check(new SizeDeclaredForProgramYear(program, sme));
        RequestedAmount = requested;
        Purpose = Text.Required(purpose, "purpose", Text.LongMax);
        SizeClass = sme.SizeClass;
        Eligibility = sme.Snapshot(now);
        Move(VoucherTrigger.Resubmit, actor, now, null);
    }

    public void Recommend(string? note, Actor actor, DateTimeOffset now) =>
        Step(VoucherTrigger.Recommend, actor, now, () => Text.Optional(note, "note", Text.LongMax));

    public void ReturnForInfo(string reason, Actor actor, DateTimeOffset now) =>
        Step(VoucherTrigger.ReturnForInfo, actor, now, () => Text.Required(reason, "reason", Text.LongMax));

    public void Reject(string reason, Actor actor, DateTimeOffset now) =>
        Step(VoucherTrigger.Reject, actor, now, () => Text.Required(reason, "reason", Text.LongMax));

    /// <summary>The SME withdraws. If the voucher was already issued, its whole commitment is released.</summary>
    public TransferRequest? Withdraw(string? reason, Actor actor, DateTimeOffset now)
    {
        Guard(VoucherTrigger.Withdraw, now);
        var text = Text.Optional(reason, "reason", Text.LongMax);
        var release = Status == VoucherStatus.Issued ? VoucherTransfers.Release(this, "Doanh nghiệp rút phiếu", now) : null;
        Move(VoucherTrigger.Withdraw, actor, now, text, release?.Id);
        return release;
    }

    // ----- approval, expiry, cancellation ------------------------------------------------------------------

    /// <summary>
    /// Finance approves: the face value (at most what was requested, within the caps) is committed as a pending
    /// transfer ProgramBudget → ProgramPayable, and the voucher is issued, valid for the program's validity period.
    /// <para>Four eyes: when <paramref name="policy"/> says the face value needs a second approver, the first approval
    /// only records the proposed amount and the first approver (→ <see cref="VoucherStatus.AwaitingSecondApproval"/>,
    /// no money moves, null is returned); the second approval, by another officer, commits that amount and issues the
    /// voucher. The second approver may pass no amount or the same amount, nothing else.</para>
    /// <para>The threshold is on what one officer commits to one enterprise in the program (its fiscal year), not on one
    /// voucher: <paramref name="approvedAloneByActor"/> is the face value of the enterprise's other vouchers in the program
    /// that this officer issued on a single approval, so splitting 100M into two 50M vouchers does not avoid a second officer.</para>
    /// <para>The recommender approves neither time. Caps are checked at both approvals (refuse early); the ledger checks
    /// the envelope when the commitment is made, at the final approval.</para>
    /// </summary>
    /// <returns>The commitment to execute, or null when only the first of two approvals was recorded.</returns>
    public TransferRequest? Approve(SupportProgram program, Money? amount, Money alreadyHeldThisYear, ApprovalPolicy policy, Actor actor, DateTimeOffset now,
        Money approvedAloneByActor = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        EnsureProgram(program);
        // Which of the table's Approve transitions this is depends on the amount and the policy; working it out checks nothing.
        var isSecond = Status == VoucherStatus.AwaitingSecondApproval;
        var face = isSecond ? ProposedAmount!.Value : amount ?? RequestedAmount;
        var needsSecond = !isSecond && policy.NeedsSecondApproval(face, approvedAloneByActor);
        Guard(VoucherTrigger.Approve, now, needsSecond);
        SegregationOfDuties.Ensure(VoucherTrigger.Approve, History, actor, Code);
        if (isSecond)
        {
            SegregationOfDuties.EnsureNotFirstApprover(History, actor, Code);
            BusinessRules.Check(new SecondApprovalConfirmsProposedAmount(face, amount));
        }
        BusinessRules.Check(new ProgramHasApprovedEnvelope(program), new ProgramNotClosed(program), new ProgramYearNotEnded(program, now),
            new ApprovalWithinRequest(face, RequestedAmount));
        program.EnsureWithinCaps(SizeClass, face, alreadyHeldThisYear);

        // Everything is checked: the table says where this approval leads (issued, or waiting for a second officer).
        var from = Status;
        if (Lifecycle().Fire(VoucherTrigger.Approve, Context(now, needsSecond)) == VoucherStatus.AwaitingSecondApproval)
        {
            ProposedAmount = face;
            var cumulative = approvedAloneByActor == Money.Zero ? "" : $" (cộng dồn {approvedAloneByActor} đã phê duyệt một cấp cho doanh nghiệp này)";
            Record(from, VoucherTrigger.Approve, actor, now, $"Phê duyệt lần một: {face}{cumulative}, chờ phê duyệt lần hai", null);
            return null;
        }

        var commitment = VoucherTransfers.Commitment(this, program, face, now);
        FaceValue = face;
        IssuedAt = now;
        ValidUntil = VietnamTime.Today(now).AddDays(program.VoucherValidityDays);
        CommitmentTransferId = commitment.Id;
        Record(from, VoucherTrigger.Approve, actor, now, isSecond ? $"Phê duyệt lần hai: {face}" : null, commitment.Id);
        return commitment;
    }

    /// <summary>True when an issued voucher is past its validity date and should expire (background job, or on access).</summary>
    public bool IsDueToExpire(DateTimeOffset now) => VoucherLifecycle.Table.CanFire(Status, VoucherTrigger.Expire, Context(now));

    /// <summary>The validity date passed unused: the commitment is released.</summary>
    public TransferRequest Expire(DateTimeOffset now)
    {
        Guard(VoucherTrigger.Expire, now);
        var release = VoucherTransfers.Release(this, "Phiếu hết hạn sử dụng", now);
        Move(VoucherTrigger.Expire, Actor.System, now, $"Hết hạn ngày {ValidUntil:dd/MM/yyyy}", release.Id);
        return release;
    }

    /// <summary>The longest reason an extension takes: its history line also says the two dates, within the line's <see cref="Text.LongMax"/>.</summary>
    public const int ExtensionReasonMax = Text.LongMax - 100;

    /// <summary>
    /// The funder extends the validity of an issued, unredeemed voucher that is still within it (Forus-style), with a
    /// reason: a self-transition Issued → Issued whose history line says the old and the new date. No money moves (the
    /// commitment stays as it is). Refused: past its validity or not issued (the table), a date not later than the current
    /// one (<see cref="ExtensionMovesValidityLater"/>), beyond what the program allows (<see cref="ExtensionWithinProgramLimit"/>),
    /// or when the voucher has had its last QR code (<c>voucher.qr-reissue-limit</c>, <see cref="VoucherQrCode.NextSerial"/>):
    /// the old token carries the old date, so an extension whose QR cannot follow is no extension.
    /// The caller then reissues the QR (a new token with the new date; the old one is superseded).
    /// </summary>
    public void Extend(SupportProgram program, DateOnly validUntil, string reason, Actor actor, DateTimeOffset now)
    {
        EnsureProgram(program);
        Guard(VoucherTrigger.Extend, now);
        var current = ValidUntil!.Value;
        BusinessRules.Check(new ExtensionMovesValidityLater(current, validUntil),
            new ExtensionWithinProgramLimit(VietnamTime.Today(IssuedAt!.Value), program.VoucherValidityDays, validUntil));
        var text = Text.Required(reason, "reason", ExtensionReasonMax);
        _ = Qr.NextSerial(now); // the QR must be able to follow: refused here, before anything changes, not after by the caller
        ValidUntil = validUntil;
        Move(VoucherTrigger.Extend, actor, now, $"Gia hạn từ {current:dd/MM/yyyy} đến {validUntil:dd/MM/yyyy}: {text}");
    }

    /// <summary>Cancelled before acceptance (e.g. found ineligible): the whole commitment is released.</summary>
    public TransferRequest Cancel(string reason, Actor actor, DateTimeOffset now)
    {
        Guard(VoucherTrigger.Cancel, now);
        var text = Text.Required(reason, "reason", Text.LongMax);
        var release = VoucherTransfers.Release(this, "Hủy phiếu: " + text, now);
        Move(VoucherTrigger.Cancel, actor, now, text, release.Id);
        return release;
    }

    // ----- at the provider -----------------------------------------------------------------------------------

    /// <summary>
    /// A provider redeems the voucher: it is bound to that provider, once. The support amount is
    /// min(rate × contract value, per-voucher cap, face value); the SME pays the rest (co-payment).
    /// <para>Refused, before anything is bound: what <see cref="RedemptionRefusal"/> refuses (a related party among them);
    /// an implausible contract value (<see cref="ContractValueIsPlausible"/>); one above the provider's list price for the
    /// service plus the program's margin (<see cref="ContractWithinPriceCeiling"/>); a support amount of zero or below the
    /// program's minimum (<see cref="SupportAtLeastMinimum"/>).</para>
    /// </summary>
    public void Redeem(SupportProgram program, ServiceProvider provider, Money contractValue, string contractNumber, Actor actor, DateTimeOffset now)
    {
        if (RedemptionRefusal(program, provider, actor, now) is { } refusal) throw refusal;
        var terms = RedemptionTermsFor(program, provider, contractValue);
        var number = Text.Required(contractNumber, "contractNumber", Text.ReferenceMax); // every check before the first change

        PriceCeiling = terms.PriceCeiling;
        ProviderId = provider.Id;
        ContractNumber = number;
        ContractValue = contractValue;
        SupportAmount = terms.Support;
        CoPayment = terms.CoPayment;
        RedeemedAt = now;
        Move(VoucherTrigger.Redeem, actor, now, $"Hợp đồng {ContractNumber}");
    }

    /// <summary>
    /// What a redemption under this contract value would fix, without fixing it: the support amount
    /// min(rate × contract value, per-voucher cap, face value), the SME's co-payment (the rest) and the price ceiling the
    /// contract is held to. Ask <see cref="RedemptionRefusal"/> first (it checks the provider offers the service). Refused as <see cref="Redeem"/> refuses the value (<see cref="ContractValueIsPlausible"/>,
    /// <see cref="ContractWithinPriceCeiling"/>, <see cref="SupportAtLeastMinimum"/>); <see cref="Redeem"/> uses it, so a
    /// provider's preview and the redemption cannot differ.
    /// </summary>
    public RedemptionTerms RedemptionTermsFor(SupportProgram program, ServiceProvider provider, Money contractValue)
    {
        EnsureProgram(program);
        BusinessRules.Check(new ContractValueIsPlausible(contractValue));
        var price = new ContractWithinPriceCeiling(program, provider, ServiceKind, contractValue);
        BusinessRules.Check(price);
        var support = Money.Min(Money.Min(contractValue.ApplyRate(program.SupportRate), program.CapFor(SizeClass).PerVoucher), FaceValue!.Value);
        BusinessRules.Check(new SupportAtLeastMinimum(program, contractValue, support));
        return new RedemptionTerms(contractValue, support, contractValue - support, price.Ceiling);
    }

    /// <summary>
    /// Why this provider may not redeem the voucher now, or null if it may: the first rule that refuses, as the error
    /// <see cref="Redeem"/> would throw. Used to answer a scan (verify) with the same rules as the redemption itself.
    /// </summary>
    public DomainException? RedemptionRefusal(SupportProgram program, ServiceProvider provider, Actor actor, DateTimeOffset now)
    {
        EnsureProgram(program);
        try { Guard(VoucherTrigger.Redeem, now); }
        catch (IllegalTransitionException e) when (IsInProvidersHands)
        {
            return new IllegalTransitionException(e.Entity, e.State, e.Trigger, e.Permitted, "voucher.already-redeemed",
                $"Voucher {Code} was already redeemed{(ProviderId == provider.Id ? " by this provider" : " by another provider")} ({e.State}).");
        }
        catch (DomainException e) { return e; }
        return BusinessRules.FirstBroken(
            new BudgetYearNotEnded(this, now),
            new ProviderIsAccredited(provider, ProvinceCode, VietnamTime.Today(now)),
            new ProviderKindIsEligible(program, provider),
            new ProviderOffersService(provider, ServiceKind),
            new ProviderIsNotARelatedParty(this, provider, actor));
    }

    /// <summary>Redeemed, and since then neither cancelled nor clawed back (the only ways a redeemed voucher leaves the provider).</summary>
    private bool IsInProvidersHands => ProviderId is not null && Status is not (VoucherStatus.Cancelled or VoucherStatus.ClawedBack);

    // ----- the QR token ------------------------------------------------------------------------------------------

    /// <summary>The voucher's QR code: its serial, its token and the rules for issuing and showing one (<see cref="VoucherQrCode"/>).</summary>
    public VoucherQrCode Qr => new(this);

    /// <summary>Stores the token of a new QR issue; <see cref="VoucherQrCode.Attach"/> checked it.</summary>
    internal void RecordQr(int serial, string token, DateTimeOffset now)
    {
        QrToken = token;
        QrSerial = serial;
        UpdatedAt = now;
    }

    public void Deliver(Guid providerId, string note, Actor actor, DateTimeOffset now)
    {
        EnsureBoundTo(providerId);
        Guard(VoucherTrigger.Deliver, now);
        DeliveryNote = Text.Required(note, "note", Text.LongMax);
        Move(VoucherTrigger.Deliver, actor, now, DeliveryNote);
    }

    /// <summary>
    /// The SME confirms it received the service (required before the department's acceptance). Whoever reported the
    /// delivery cannot confirm it.
    /// </summary>
    public void ConfirmDelivery(string? note, Actor actor, DateTimeOffset now)
    {
        Guard(VoucherTrigger.ConfirmDelivery, now);
        SegregationOfDuties.Ensure(VoucherTrigger.ConfirmDelivery, History, actor, Code);
        SegregationOfDuties.EnsureNotOfDeliveringProvider(ProviderId, actor, Code, "confirm");
        Move(VoucherTrigger.ConfirmDelivery, actor, now, Text.Optional(note, "note", Text.LongMax));
    }

    /// <summary>The SME or the department disputes the delivery.</summary>
    public void Dispute(string reason, Actor actor, DateTimeOffset now) =>
        Step(VoucherTrigger.Dispute, actor, now, () => Text.Required(reason, "reason", Text.LongMax));

    /// <summary>Acceptance refused, or a dispute resolved, with the provider to rework the delivery.</summary>
    public void RequestRework(string reason, Actor actor, DateTimeOffset now) =>
        Step(VoucherTrigger.RequestRework, actor, now, () => Text.Required(reason, "reason", Text.LongMax));

    /// <summary>
    /// The department's acceptance decision (nghiệm thu): the accepted amount is at most the support amount. Whoever
    /// reported the delivery cannot accept it.
    /// </summary>
    public void Accept(string decisionNumber, Money? acceptedAmount, Actor actor, DateTimeOffset now)
    {
        Guard(VoucherTrigger.Accept, now);
        SegregationOfDuties.Ensure(VoucherTrigger.Accept, History, actor, Code);
        SegregationOfDuties.EnsureNotOfDeliveringProvider(ProviderId, actor, Code, "accept");
        var accepted = acceptedAmount ?? SupportAmount!.Value;
        BusinessRules.Check(new AcceptedAmountIsPositive(accepted), new AcceptanceWithinSupport(accepted, SupportAmount!.Value));
        AcceptanceDecisionNumber = Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax);
        AcceptedAmount = accepted;
        Move(VoucherTrigger.Accept, actor, now, $"Biên bản nghiệm thu {AcceptanceDecisionNumber}");
    }

    /// <summary>The provider claims payment with its e-invoice number (hóa đơn điện tử), unique per provider.</summary>
    public void ClaimPayment(Guid providerId, string eInvoiceNumber, Actor actor, DateTimeOffset now)
    {
        EnsureBoundTo(providerId);
        Guard(VoucherTrigger.ClaimPayment, now);
        var invoice = Text.Required(eInvoiceNumber, "eInvoiceNumber", 50);
        BusinessRules.Check(new EInvoiceNumberIsWellFormed(invoice));
        EInvoiceNumber = invoice.ToUpperInvariant();
        Move(VoucherTrigger.ClaimPayment, actor, now, $"Hóa đơn {EInvoiceNumber}");
    }

    /// <summary>
    /// Finance authorises payment: the commitment is posted for the accepted amount into the program's payable
    /// account; the ledger returns the remainder to the program's budget in the same step. Whoever recommended or
    /// approved the voucher, or accepted its delivery, cannot authorise its payment (<see cref="SegregationOfDuties"/>).
    /// </summary>
    public TransferRequest Settle(SupportProgram program, Actor actor, DateTimeOffset now)
    {
        EnsureProgram(program);
        Guard(VoucherTrigger.Settle, now);
        SegregationOfDuties.Ensure(VoucherTrigger.Settle, History, actor, Code);
        BusinessRules.Check(new BudgetYearNotEnded(this, now));
        var post = VoucherTransfers.Settlement(this, now);
        Move(VoucherTrigger.Settle, actor, now, null, post.Id);
        return post;
    }

    /// <summary>
    /// The treasury paid the provider (payment order reference): payable → disbursed. Recording the payment is a duty of
    /// its own: whoever recommended, approved or authorised the payment of this voucher may not record it.
    /// </summary>
    /// <param name="budgetYearAccounts">The program's accounts of <see cref="BudgetYear"/> when a decision carried the
    /// voucher over (its payable is there); null for the program's own year.</param>
    public TransferRequest Disburse(SupportProgram program, string paymentReference, Actor actor, DateTimeOffset now,
        ProgramYearAccounts? budgetYearAccounts = null)
    {
        EnsureProgram(program);
        var accounts = AccountsOf(program, budgetYearAccounts);
        Guard(VoucherTrigger.Disburse, now);
        SegregationOfDuties.Ensure(VoucherTrigger.Disburse, History, actor, Code);
        var reference = Text.Required(paymentReference, "paymentReference", Text.ReferenceMax);
        PaymentReference = reference;
        var payment = VoucherTransfers.Disbursement(this, accounts, now);
        Move(VoucherTrigger.Disburse, actor, now, PaymentReference, payment.Id);
        return payment;
    }

    /// <summary>
    /// Thu hồi: after settlement, (part of) the money is reclaimed by a new, reversing transfer back to the
    /// program's budget — from payable if not yet paid out, from disbursed if it was.
    /// </summary>
    public TransferRequest ClawBack(SupportProgram program, Money? amount, string reason, Actor actor, DateTimeOffset now,
        ProgramYearAccounts? budgetYearAccounts = null)
    {
        EnsureProgram(program);
        var accounts = AccountsOf(program, budgetYearAccounts);
        Guard(VoucherTrigger.ClawBack, now);
        var text = Text.Required(reason, "reason", Text.LongMax);
        var value = amount ?? AcceptedAmount!.Value;
        BusinessRules.Check(new ClawbackWithinSettled(value, AcceptedAmount!.Value));
        var clawback = VoucherTransfers.Clawback(this, accounts, value, text, now);
        ClawedBackAmount = value;
        Move(VoucherTrigger.ClawBack, actor, now, text, clawback.Id);
        return clawback;
    }

    // ----- fiscal year end (chuyển nguồn) ------------------------------------------------------------------------

    /// <summary>The longest decision number a carry-over takes (its transfers' reference).</summary>
    public const int DecisionNumberMax = Text.ReferenceMax;

    /// <summary>
    /// Chuyển nguồn: the fiscal year whose budget holds this voucher's open commitment has ended, and a finance decision
    /// carries the commitment into the next year's budget. The voucher stays in its state (a self-transition in every
    /// state that holds a commitment), its <see cref="BudgetYear"/> moves one year on, and its commitment is the new
    /// year's (<see cref="CommitmentTransferId"/>); the history line names it and says the decision. Four transfers, one
    /// batch (<see cref="VoucherTransfers.CarryOver"/>): the old commitment voided, its amount carried forward out of the
    /// old year and brought forward into the new one, and committed there again.
    /// <para>Refused: no open commitment, or the year not yet ended (the table: <see cref="VoucherLifecycle.YearNotEnded"/>); a
    /// voucher another year's budget pays (<see cref="BudgetYearIs"/>); a decision dated before the year ended or after
    /// today (<c>decisionDate</c>). Releasing instead is <see cref="ReleaseAtYearEnd"/>.</para>
    /// </summary>
    public IReadOnlyList<TransferRequest> CarryOver(SupportProgram program, CarryOverAccounts accounts, string decisionNumber, DateOnly decisionDate,
        Actor actor, DateTimeOffset now)
    {
        EnsureProgram(program);
        accounts.EnsureConsistent(ProgramId);
        Guard(VoucherTrigger.CarryOver, now); // the table's guard: the budget year has ended (year-end.year-not-ended)
        BusinessRules.Check(new BudgetYearIs(this, accounts.From.FiscalYear));
        EnsureYearEndDecisionDate(decisionDate, now);
        var number = Text.Required(decisionNumber, "decisionNumber", DecisionNumberMax);
        var transfers = VoucherTransfers.CarryOver(this, accounts, number, now);
        var (state, year) = (Status, BudgetYear);
        Lifecycle().Fire(VoucherTrigger.CarryOver, Context(now)); // fired while the year that ended still pays it (the guard asks)
        BudgetYear = accounts.To.FiscalYear;
        CommitmentTransferId = transfers[^1].Id;
        Record(state, VoucherTrigger.CarryOver, actor, now,
            $"Chuyển nguồn từ năm {year} sang năm {BudgetYear} theo quyết định {number} ngày {decisionDate:dd/MM/yyyy}", transfers[^1].Id);
        return transfers;
    }

    /// <summary>
    /// The other outcome of a year-end decision: the fiscal year <paramref name="fiscalYear"/> that pays the voucher has
    /// ended and the decision releases its commitment instead of carrying it over. A <see cref="Cancel"/> (the same
    /// states, the same Release) whose reason is the decision; refused before the year ended (<see cref="BudgetYearHasEnded"/>),
    /// for a voucher another year pays (<see cref="BudgetYearIs"/>), or for a decision dated outside the year after.
    /// </summary>
    public TransferRequest ReleaseAtYearEnd(int fiscalYear, string decisionNumber, DateOnly decisionDate, Actor actor, DateTimeOffset now)
    {
        Guard(VoucherTrigger.Cancel, now);
        BusinessRules.Check(new BudgetYearIs(this, fiscalYear), new BudgetYearHasEnded(this, now));
        EnsureYearEndDecisionDate(decisionDate, now);
        var number = Text.Required(decisionNumber, "decisionNumber", DecisionNumberMax);
        return Cancel($"Không chuyển nguồn năm {BudgetYear}: quyết định {number} ngày {decisionDate:dd/MM/yyyy}", actor, now);
    }

    /// <summary>A year-end decision is dated after the voucher's budget year ended (from 01/01 of the next) and not later than today.</summary>
    private void EnsureYearEndDecisionDate(DateOnly decisionDate, DateTimeOffset now)
    {
        if (decisionDate.Year <= BudgetYear || decisionDate > VietnamTime.Today(now))
            throw new InvalidValueException("decisionDate", $"a year-end decision is dated after {BudgetYear} ended (from 01/01/{BudgetYear + 1}) and not later than today.",
                $"quyết định cuối năm phải ghi ngày sau khi năm {BudgetYear} kết thúc (từ 01/01/{BudgetYear + 1}) và không muộn hơn hôm nay.");
    }

    /// <summary>The accounts of the voucher's budget year: the program's own, or (carried over) the ones given.</summary>
    private ProgramYearAccounts AccountsOf(SupportProgram program, ProgramYearAccounts? budgetYearAccounts)
    {
        if (BudgetYear == program.FiscalYear && budgetYearAccounts is null) return program.OwnYearAccounts();
        if (budgetYearAccounts is not { } given || given.ProgramId != ProgramId || given.FiscalYear != BudgetYear)
            throw new InvalidOperationException($"Voucher {Code} is paid from {BudgetYear}'s budget: give the program's accounts of that year.");
        return given;
    }

    // ----- the table ---------------------------------------------------------------------------------------------

    /// <summary>What may happen next, by the table and its guards (asked of the table's per-thread reader: a listed voucher builds no machine).</summary>
    public IReadOnlyList<VoucherTrigger> PermittedTriggers(DateTimeOffset now) => VoucherLifecycle.Table.PermittedTriggers(Status, Context(now));

    /// <summary>
    /// What <paramref name="actor"/> may do next, whatever its role (the application filters by role): the table's
    /// <see cref="PermittedTriggers"/> less what the intent method would refuse this actor from the voucher alone — a
    /// delivery or payment claim by a provider the voucher is not bound to, a step segregation of duties forbids
    /// (<see cref="SegregationOfDuties.Forbidding"/>: the recommender's approval, the first approver's second one, the
    /// deliverer's confirmation), a settlement once the budget year has ended (<see cref="BudgetYearNotEnded"/>). Rules that
    /// need other data or the request's values (the program's envelope, caps and window, an e-invoice already used, the
    /// extension's date) are not asked: the step is offered and refused with its reason if it breaks one.
    /// </summary>
    public IReadOnlyList<VoucherTrigger> PermittedTriggersFor(Actor actor, DateTimeOffset now) =>
        PermittedTriggers(now).Where(t => t switch
        {
            VoucherTrigger.Deliver or VoucherTrigger.ClaimPayment when ProviderId != actor.ProviderId => false,
            VoucherTrigger.Settle when new BudgetYearNotEnded(this, now).IsBroken() => false,
            _ => SegregationOfDuties.Forbidding(t, Status, History, actor, ProviderId) is null,
        }).ToArray();

    /// <summary>
    /// The voucher's Stateless machine, built from the table the first time this instance needs it (a voucher loaded only
    /// to be read never pays for it); it reads and moves <see cref="Status"/>, the mapped column, as the state.
    /// </summary>
    private TransitionTable<VoucherStatus, VoucherTrigger, VoucherGuardContext>.Machine Lifecycle() =>
        _lifecycle ??= VoucherLifecycle.Table.MachineFor(() => Status, status => Status = status);

    private VoucherGuardContext Context(DateTimeOffset now, bool needsSecondApproval = false) =>
        new(VietnamTime.Today(now), ValidUntil, needsSecondApproval, BudgetYear);

    /// <summary>Checks the transition is permitted before anything is computed; throws the table's named error if not.</summary>
    private void Guard(VoucherTrigger trigger, DateTimeOffset now, bool needsSecondApproval = false) =>
        Lifecycle().EnsureCanFire(trigger, Context(now, needsSecondApproval));

    /// <summary>A transition whose only value rule is its text: the table first, then the text, then the move (the class's one order).</summary>
    private void Step(VoucherTrigger trigger, Actor actor, DateTimeOffset now, Func<string?> reason)
    {
        Guard(trigger, now);
        Move(trigger, actor, now, reason());
    }

    private void Move(VoucherTrigger trigger, Actor actor, DateTimeOffset now, string? reason, Guid? transferId = null)
    {
        var from = Status;
        Lifecycle().Fire(trigger, Context(now));
        Record(from, trigger, actor, now, reason, transferId);
    }

    /// <summary>The history line of the transition just fired (<see cref="Status"/> is already the new state).</summary>
    private void Record(VoucherStatus from, VoucherTrigger trigger, Actor actor, DateTimeOffset now, string? reason, Guid? transferId)
    {
        UpdatedAt = now;
        _history.Add(new VoucherTransition(Id, _history.Count + 1, from, Status, trigger, actor, now, reason, transferId));
    }

    /// <summary>
    /// Once redeemed, only the provider bound to the voucher may act on it; to any other provider it does not exist.
    /// (Before redemption the lifecycle table refuses delivery and claims anyway.)
    /// </summary>
    private void EnsureBoundTo(Guid providerId)
    {
        if (ProviderId is not null && ProviderId != providerId) throw new NotFoundException("voucher", Id);
    }

    private void EnsureProgram(SupportProgram program)
    {
        if (program.Id != ProgramId) throw new InvalidOperationException("The program given is not this voucher's program.");
    }

    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I/L

    private static string NewCode()
    {
        Span<char> c = stackalloc char[12];
        for (var i = 0; i < c.Length; i++) c[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        return $"PH-{c[..4]}-{c[4..8]}-{c[8..]}";
    }
}

/// <summary>What a redemption fixes: the contract value, the support amount the fund pays, the SME's co-payment (the rest) and the contract's price ceiling.</summary>
public sealed record RedemptionTerms(Money ContractValue, Money Support, Money CoPayment, Money PriceCeiling);
