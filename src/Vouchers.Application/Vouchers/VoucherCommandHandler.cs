using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>A command addressed to one voucher.</summary>
public interface IVoucherCommand : ICommand<VoucherView>
{
    Guid VoucherId { get; }
}

/// <summary>Everything a voucher transition may need, loaded once.</summary>
public sealed class VoucherCommandScope(IVouchersDb db, Voucher voucher, Actor actor, DateTimeOffset now, CancellationToken ct)
{
    public IVouchersDb Db { get; } = db;
    public Voucher Voucher { get; } = voucher;
    public Actor Actor { get; } = actor;
    public DateTimeOffset Now { get; } = now;
    public CancellationToken Ct { get; } = ct;

    public async Task<SupportProgram> ProgramAsync() =>
        await Db.Programs.FirstOrDefaultAsync(p => p.Id == Voucher.ProgramId, Ct) ?? throw new NotFoundException("program", Voucher.ProgramId);

    /// <summary>
    /// The program's accounts of the voucher's <see cref="Voucher.BudgetYear"/> when a decision carried it over to a later
    /// year than the program's; null for the program's own year (the voucher then takes the program's).
    /// </summary>
    public async Task<ProgramYearAccounts?> BudgetYearAccountsAsync(SupportProgram program)
    {
        if (Voucher.BudgetYear == program.FiscalYear) return null;
        var accounts = await Db.LedgerAccounts.AsNoTracking()
            .Where(a => a.ProgramId == program.Id && a.FiscalYear == Voucher.BudgetYear).ToListAsync(Ct);
        return ProgramYearAccounts.Find(program.Id, Voucher.BudgetYear, accounts)
            ?? throw new InvalidOperationException($"Program {program.Code} has no accounts for {Voucher.BudgetYear}, where voucher {Voucher.Code} was carried over.");
    }

    /// <summary>What the same enterprise (branches included) already requested or holds in the same program this fiscal year, this voucher excluded.</summary>
    public Task<Money> HeldByEnterpriseAsync() => VoucherQueries.HeldByEnterpriseAsync(Db, Voucher.HeadOfficeTaxCode, Voucher.ProgramId, Voucher.Id, Ct);

    /// <summary>What the acting officer already issued alone to the same enterprise in the same program (four eyes count cumulatively).</summary>
    public Task<Money> ApprovedAloneByActorAsync() =>
        VoucherQueries.ApprovedAloneAsync(Db, Voucher.HeadOfficeTaxCode, Voucher.ProgramId, Voucher.Id, Actor.Subject, Ct);
}

/// <summary>
/// The shape of a voucher command that moves no money: load the voucher, call one method on it, answer with the
/// voucher as it now is (the pipeline saves and commits).
/// </summary>
public abstract class VoucherCommandHandler<TCommand>(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : IRequestHandler<TCommand, VoucherView> where TCommand : IVoucherCommand
{
    public async Task<VoucherView> Handle(TCommand command, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers, command.VoucherId, request, ct);
        var now = clock.GetUtcNow();
        await Apply(command, new VoucherCommandScope(db, voucher, request.Actor, now, ct));
        return VoucherView.From(voucher, now, request.Actor);
    }

    /// <summary>The one aggregate call.</summary>
    protected abstract Task Apply(TCommand command, VoucherCommandScope scope);
}

/// <summary>
/// The shape of a voucher command that may move money: load the voucher, call one method on it, execute the ledger
/// transfer it returns (if any) in the same transaction, answer with the voucher as it now is.
/// </summary>
public abstract class MoneyMovingVoucherCommandHandler<TCommand>(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : IRequestHandler<TCommand, VoucherView> where TCommand : IVoucherCommand
{
    public async Task<VoucherView> Handle(TCommand command, CancellationToken ct)
    {
        var voucher = await VoucherAccess.LoadVisibleAsync(db.Vouchers, command.VoucherId, request, ct);
        var now = clock.GetUtcNow();
        var transfer = await Apply(command, new VoucherCommandScope(db, voucher, request.Actor, now, ct));
        if (transfer is not null) await ledger.ExecuteAsync(transfer, ct);
        return VoucherView.From(voucher, now, request.Actor);
    }

    /// <summary>The one aggregate call; returns the ledger transfer the transition makes, or null when this one moves none (a first of two approvals, a withdrawal before issuance).</summary>
    protected abstract Task<TransferRequest?> Apply(TCommand command, VoucherCommandScope scope);
}
