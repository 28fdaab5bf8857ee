using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Funds;

/// <summary>
/// A fund's position for a fiscal year, read from the balances the ledger keeps on its accounts (one row per account:
/// its cost does not grow with the ledger; ADR 0016), by <see cref="FundPositions"/>: allocated + brought forward = available + committed + payable + disbursed + carried
/// forward (the last two terms are the year-end carry-overs, chuyển nguồn: what came in from the year before and what
/// went on to the next). Per program as well. The balances are what the ledger itself maintains, in the transaction of
/// every transfer, under optimistic concurrency; the reconciliation (<see cref="Integrity.Reconcile"/>) and the
/// verifier hold them to a replay of the transfers (<see cref="FundPositionReplay"/>), so a drifted or edited balance
/// is reported there rather than trusted silently.
/// </summary>
public sealed record GetFundPosition(Guid FundId, int FiscalYear) : IQuery<FundPosition>;

public sealed record FundPosition(Guid FundId, int FiscalYear, long Allocated, long Available, long UnassignedToPrograms,
    long Committed, long Payable, long Disbursed, bool Balanced, IReadOnlyList<ProgramPosition> Programs, long BroughtForward, long CarriedForward);

/// <param name="Envelope">What the year's decisions gave the program (approval + top-ups − reductions − return): what its
/// accounts of the year hold, plus what was carried forward out of them, less what was brought forward into them.</param>
public sealed record ProgramPosition(Guid ProgramId, string Code, long Envelope, long Available, long Committed, long Payable, long Disbursed,
    long BroughtForward, long CarriedForward);

public sealed class GetFundPositionValidator : AbstractValidator<GetFundPosition>
{
    public GetFundPositionValidator() => RuleFor(q => q.FiscalYear).SupportedFiscalYear();
}

public sealed class GetFundPositionHandler(IVouchersDb db) : IRequestHandler<GetFundPosition, FundPosition>
{
    public async Task<FundPosition> Handle(GetFundPosition q, CancellationToken ct)
    {
        if (!await db.Funds.AnyAsync(f => f.Id == q.FundId, ct)) throw new NotFoundException("fund", q.FundId);
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.FundId == q.FundId && a.FiscalYear == q.FiscalYear).ToListAsync(ct);
        var position = FundPositions.Of(accounts, FundPositionReplay.Stored(accounts));

        var programIds = position.Programs.Select(p => p.ProgramId).ToList();
        var programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).OrderBy(p => p.Code).ToListAsync(ct);
        var perProgram = programs.Select(p =>
        {
            var f = position.Program(p.Id);
            // the envelope too is the ledger's (what the program's accounts hold), not the figure stored on the program
            return new ProgramPosition(p.Id, p.Code, f.Held + f.CarriedForward - f.BroughtForward, f.Available, f.Committed, f.Payable, f.Disbursed,
                f.BroughtForward, f.CarriedForward);
        }).ToArray();

        return new FundPosition(q.FundId, q.FiscalYear, position.Allocated, position.Available, position.UnassignedToPrograms,
            position.Committed, position.Payable, position.Disbursed, position.Balanced, perProgram, position.BroughtForward, position.CarriedForward);
    }
}

/// <summary>The two ways to read a fund's position: from the balances the ledger keeps, and by replaying its transfers.</summary>
public static class FundPositionReplay
{
    /// <summary>The accounts' stored balances, as <see cref="FundPositions.Of"/> takes them.</summary>
    public static IReadOnlyDictionary<Guid, (long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)> Stored(
        IEnumerable<LedgerAccount> accounts) =>
        accounts.ToDictionary(a => a.Id, a => (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted));

    /// <summary>
    /// The fund's position for the year recomputed from the transfers alone (every transfer touching its accounts of the
    /// year, replayed in execution order): what the stored balances must agree with. Grows with the ledger; the
    /// reconciliation asks it, a dashboard does not.
    /// </summary>
    /// <returns>The position from the stored balances (what <see cref="GetFundPosition"/> shows) and the replayed one.</returns>
    public static async Task<(FundLedgerPosition Stored, FundLedgerPosition Replayed)> BothAsync(IVouchersDb db, Guid fundId, int fiscalYear, CancellationToken ct)
    {
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.FundId == fundId && a.FiscalYear == fiscalYear).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var transfers = await db.LedgerTransfers.AsNoTracking()
            .Where(t => ids.Contains(t.DebitAccountId) || ids.Contains(t.CreditAccountId))
            .InExecutionOrder().ToListAsync(ct);
        return (FundPositions.Of(accounts, Stored(accounts)), FundPositions.Of(accounts, LedgerReplay.Replay(transfers)));
    }
}
