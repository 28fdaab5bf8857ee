using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Programs;

/// <summary>
/// Finance approves a draft program's envelope: its accounts are opened and the envelope moves from the fund's
/// budget for the program's fiscal year. The program then accepts applications within its window.
/// </summary>
public sealed record ApproveProgramEnvelope(Guid ProgramId, string DecisionNumber, DateOnly DecisionDate) : IMoneyCommand<ProgramView>, IProgramDecision;

public sealed class ApproveProgramEnvelopeValidator : AbstractValidator<ApproveProgramEnvelope>
{
    public ApproveProgramEnvelopeValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        this.AddDecisionRules();
    }
}

public sealed class ApproveProgramEnvelopeHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : IRequestHandler<ApproveProgramEnvelope, ProgramView>
{
    public async Task<ProgramView> Handle(ApproveProgramEnvelope c, CancellationToken ct)
    {
        var program = await ProgramAccounts.ProgramAsync(db, c.ProgramId, ct);
        var fundBudget = await ProgramAccounts.FundBudgetAsync(db, program, ct);
        var now = clock.GetUtcNow();
        var accounts = program.OpenAccounts(now);
        var transfer = program.ApproveEnvelope(c.DecisionNumber, c.DecisionDate, fundBudget, accounts, request.Actor, now);
        db.LedgerAccounts.AddRange(accounts);
        await ledger.ExecuteAsync(transfer, ct);
        return ProgramView.From(program);
    }
}
