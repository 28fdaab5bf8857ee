using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Programs;

// Fiscal year end (issue 16, ADR 0015). Vietnam's fiscal year is the calendar year; a voucher's commitment lives in the
// budget of its BudgetYear. Once that year has ended, a commitment still open can only be carried over to the next year by
// a finance decision (chuyển nguồn) or released (the voucher cancelled, its budget lapsing with the year): until then the
// voucher is neither redeemed nor settled (voucher.budget-year-ended). One decision covers some of a program's vouchers,
// in one transaction and one ledger batch.

/// <summary>
/// Finance decides, for vouchers of one program whose commitments <see cref="FiscalYear"/> left open, which are carried
/// over to the next year's budget (<see cref="Voucher.CarryOver"/>) and which are released (<see cref="Voucher.Cancel"/>,
/// the decision as the reason). Either list may be empty, not both; a voucher in neither is left for a later decision.
/// </summary>
public sealed record DecideYearEnd(Guid ProgramId, int FiscalYear, string DecisionNumber, DateOnly DecisionDate,
    IReadOnlyList<Guid> CarryOver, IReadOnlyList<Guid> Release) : IMoneyCommand<YearEndDecision>, IProgramDecision;

/// <summary>One voucher a year-end decision carried over or released: its code, the amount, the year that now pays it (or null, released).</summary>
public sealed record YearEndVoucher(Guid VoucherId, string Code, long Amount, int? BudgetYear);

public sealed record YearEndDecision(Guid ProgramId, int FiscalYear, string DecisionNumber, DateOnly DecisionDate,
    IReadOnlyList<YearEndVoucher> CarriedOver, IReadOnlyList<YearEndVoucher> Released, long CarriedOverAmount, long ReleasedAmount);

public sealed class DecideYearEndValidator : AbstractValidator<DecideYearEnd>
{
    /// <summary>The most vouchers one request decides (a province decides more in several requests, under one decision number).</summary>
    public const int MaxVouchers = 500;

    public DecideYearEndValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        RuleFor(c => c.FiscalYear).SupportedFiscalYear();
        this.AddDecisionRules();
        RuleFor(c => c.CarryOver).NotNull();
        RuleFor(c => c.Release).NotNull();
        RuleFor(c => c).Must(c => c.CarryOver.Count + c.Release.Count > 0).OverridePropertyName("carryOver")
            .WithMessage("Name at least one voucher to carry over or release.").WithErrorCode(ValidationCodes.YearEndNamesNone).When(c => c.CarryOver is not null && c.Release is not null);
        RuleFor(c => c).Must(c => c.CarryOver.Count + c.Release.Count <= MaxVouchers).OverridePropertyName("carryOver")
            .WithMessage($"At most {MaxVouchers} vouchers in one request.").WithErrorCode(ValidationCodes.YearEndTooMany).When(c => c.CarryOver is not null && c.Release is not null);
        RuleForEach(c => c.CarryOver).NotEmpty();
        RuleForEach(c => c.Release).NotEmpty();
        RuleFor(c => c).Must(c => c.CarryOver.Concat(c.Release).Distinct().Count() == c.CarryOver.Count + c.Release.Count)
            .OverridePropertyName("release").WithMessage("A voucher is named once: carried over or released, not both.").WithErrorCode(ValidationCodes.YearEndNamedTwice)
            .When(c => c.CarryOver is not null && c.Release is not null);
    }
}

public sealed class DecideYearEndHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : IRequestHandler<DecideYearEnd, YearEndDecision>
{
    public async Task<YearEndDecision> Handle(DecideYearEnd c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var program = await ProgramAccounts.ProgramAsync(db, c.ProgramId, ct);
        program.EnsureEnvelopeApproved();

        // every rule of the decision is the voucher's (Voucher.CarryOver, Voucher.ReleaseAtYearEnd): the year has ended,
        // the voucher is that year's, the decision is dated after it; one refusal refuses the whole decision
        var named = c.CarryOver.Concat(c.Release).ToHashSet();
        var vouchers = await db.Vouchers.Where(v => named.Contains(v.Id) && v.ProgramId == program.Id).ToDictionaryAsync(v => v.Id, ct);
        foreach (var id in named.Where(id => !vouchers.ContainsKey(id)))
            throw new NotFoundException("voucher", id); // another program's, another province's, or none

        var batch = new List<TransferRequest>();
        var released = new List<YearEndVoucher>();
        foreach (var id in c.Release)
        {
            var v = vouchers[id];
            batch.Add(v.ReleaseAtYearEnd(c.FiscalYear, c.DecisionNumber, c.DecisionDate, request.Actor, now));
            released.Add(new YearEndVoucher(v.Id, v.Code, v.FaceValue!.Value.Dong, null));
        }
        var carried = new List<YearEndVoucher>();
        if (c.CarryOver.Count > 0)
        {
            var accounts = await CarryOverAccountsAsync(program, c.FiscalYear, now, ct);
            foreach (var id in c.CarryOver)
            {
                var v = vouchers[id];
                batch.AddRange(v.CarryOver(program, accounts, c.DecisionNumber, c.DecisionDate, request.Actor, now));
                carried.Add(new YearEndVoucher(v.Id, v.Code, v.FaceValue!.Value.Dong, v.BudgetYear));
            }
        }
        await ledger.ExecuteAsync(batch, ct);
        return new YearEndDecision(program.Id, c.FiscalYear, c.DecisionNumber.Trim(), c.DecisionDate, carried, released,
            carried.Sum(v => v.Amount), released.Sum(v => v.Amount));
    }

    /// <summary>The program's accounts of the year that ended and of the next, each opened the first time a decision needs it.</summary>
    private async Task<CarryOverAccounts> CarryOverAccountsAsync(SupportProgram program, int year, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.LedgerAccounts.Where(a => a.ProgramId == program.Id && (a.FiscalYear == year || a.FiscalYear == year + 1)).ToListAsync(ct);
        var (accounts, opened) = program.CarryOverAccounts(year, existing, now);
        db.LedgerAccounts.AddRange(opened);
        return accounts;
    }
}

/// <summary>
/// The vouchers of a program whose commitments are still open in <see cref="FiscalYear"/>'s budget (what a year-end
/// decision has to decide), oldest first, paged.
/// </summary>
public sealed record ListYearEndCommitments(Guid ProgramId, int FiscalYear, int Page = 1, int PageSize = 20) : IQuery<YearEndCommitments>, IPagedQuery;

/// <param name="CanRelease">Whether the voucher's state lets it be released (cancelled); an accepted or claimed voucher can only be carried over.</param>
public sealed record YearEndCommitment(Guid VoucherId, string Code, string Status, string StatusVi, long Amount, string EnterpriseTaxCode,
    DateOnly? ValidUntil, bool CanRelease);

public sealed record YearEndCommitments(Guid ProgramId, int FiscalYear, bool YearEnded, long OpenAmount, Page<YearEndCommitment> Vouchers);

public sealed class ListYearEndCommitmentsValidator : AbstractValidator<ListYearEndCommitments>
{
    public ListYearEndCommitmentsValidator()
    {
        RuleFor(q => q.ProgramId).NotEmpty();
        RuleFor(q => q.FiscalYear).SupportedFiscalYear();
        this.AddPagingRules();
    }
}

public sealed class ListYearEndCommitmentsHandler(IVouchersDb db, TimeProvider clock) : IRequestHandler<ListYearEndCommitments, YearEndCommitments>
{
    private static readonly VoucherStatus[] Holding = [.. VoucherLifecycle.HoldingCommitment];

    public async Task<YearEndCommitments> Handle(ListYearEndCommitments q, CancellationToken ct)
    {
        if (!await db.Programs.AnyAsync(p => p.Id == q.ProgramId, ct)) throw new NotFoundException("program", q.ProgramId);
        var open = db.Vouchers.AsNoTracking().Where(v => v.ProgramId == q.ProgramId && v.BudgetYear == q.FiscalYear && Holding.Contains(v.Status));
        var faces = await open.Select(v => v.FaceValue).ToListAsync(ct); // Money is a converted column: summed here, not in SQL
        var now = clock.GetUtcNow();
        var page = await open.OrderBy(v => v.IssuedAt).ThenBy(v => v.Id).ToPageAsync(q, v => new YearEndCommitment(v.Id, v.Code, v.Status.ToString(),
            VoucherLifecycle.Vi(v.Status), v.FaceValue!.Value.Dong, v.EnterpriseTaxCode.Value, v.ValidUntil,
            v.PermittedTriggers(now).Contains(VoucherTrigger.Cancel)), ct);
        return new YearEndCommitments(q.ProgramId, q.FiscalYear, VietnamTime.FiscalYear(now) > q.FiscalYear, faces.Sum(f => f?.Dong ?? 0), page);
    }
}
