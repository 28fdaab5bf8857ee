using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;

namespace Vouchers.Application.Programs;

// Issue 16: a finance decision amends an open program (top-up, reduction, window and validity) or closes it. Money moves
// only through the ledger, between the program's budget and its fund's budget for the program's fiscal year; each
// command is shaped like ApproveProgramEnvelope (loaded through the province filter, audited, under an Idempotency-Key).
// The program's own status rules are asked first, before the accounts are loaded (SupportProgram.EnsureOpenForAmendment and
// its kin): a draft is refused as a draft even when its fund has no budget for the year.

/// <summary>Finance adds to an open program's envelope out of the fund's budget (EnvelopeTopUp).</summary>
public sealed record TopUpProgramEnvelope(Guid ProgramId, long Amount, string DecisionNumber, DateOnly DecisionDate) : IMoneyCommand<ProgramView>, IProgramDecision;

/// <summary>Finance takes part of a program's uncommitted envelope back to the fund's budget (EnvelopeReduction).</summary>
public sealed record ReduceProgramEnvelope(Guid ProgramId, long Amount, string DecisionNumber, DateOnly DecisionDate) : IMoneyCommand<ProgramView>, IProgramDecision;

/// <summary>Finance changes an open program's application window and the validity of vouchers issued from now on.</summary>
public sealed record AmendProgramSchedule(Guid ProgramId, DateOnly ApplicationOpens, DateOnly ApplicationCloses, int VoucherValidityDays,
    string DecisionNumber, DateOnly DecisionDate) : ICommand<ProgramView>, IProgramDecision;

/// <summary>Finance closes a program: no new applications or approvals; the unused envelope returns to the fund (EnvelopeReturn).</summary>
public sealed record CloseProgram(Guid ProgramId, string DecisionNumber, DateOnly DecisionDate) : IMoneyCommand<ProgramView>, IProgramDecision;

public sealed class TopUpProgramEnvelopeValidator : AbstractValidator<TopUpProgramEnvelope>
{
    public TopUpProgramEnvelopeValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        RuleFor(c => c.Amount).GreaterThan(0);
        this.AddDecisionRules();
    }
}

public sealed class ReduceProgramEnvelopeValidator : AbstractValidator<ReduceProgramEnvelope>
{
    public ReduceProgramEnvelopeValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        RuleFor(c => c.Amount).GreaterThan(0);
        this.AddDecisionRules();
    }
}

public sealed class AmendProgramScheduleValidator : AbstractValidator<AmendProgramSchedule>
{
    public AmendProgramScheduleValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        RuleFor(c => c.ApplicationOpens).SupportedDate();
        RuleFor(c => c.ApplicationCloses).SupportedDate().GreaterThanOrEqualTo(c => c.ApplicationOpens);
        RuleFor(c => c.VoucherValidityDays).InclusiveBetween(1, 730);
        this.AddDecisionRules();
    }
}

public sealed class CloseProgramValidator : AbstractValidator<CloseProgram>
{
    public CloseProgramValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        this.AddDecisionRules();
    }
}

public sealed class TopUpProgramEnvelopeHandler(IVouchersDb db, LedgerPostings ledger, TimeProvider clock)
    : IRequestHandler<TopUpProgramEnvelope, ProgramView>
{
    public async Task<ProgramView> Handle(TopUpProgramEnvelope c, CancellationToken ct)
    {
        var program = await ProgramAccounts.ProgramAsync(db, c.ProgramId, ct);
        program.EnsureOpenForAmendment();
        var fundBudget = await ProgramAccounts.FundBudgetAsync(db, program, ct);
        var transfer = program.TopUpEnvelope(Money.Vnd(c.Amount), c.DecisionNumber, c.DecisionDate, fundBudget, clock.GetUtcNow());
        await ledger.ExecuteAsync(transfer, ct); // refused (ledger.exceeds-credits) when the fund's budget cannot cover it
        return ProgramView.From(program);
    }
}

public sealed class ReduceProgramEnvelopeHandler(IVouchersDb db, LedgerPostings ledger, TimeProvider clock)
    : IRequestHandler<ReduceProgramEnvelope, ProgramView>
{
    public async Task<ProgramView> Handle(ReduceProgramEnvelope c, CancellationToken ct)
    {
        var program = await ProgramAccounts.ProgramAsync(db, c.ProgramId, ct);
        program.EnsureEnvelopeApproved();
        var budget = await ProgramAccounts.ProgramBudgetAsync(db, program, ct);
        var fundBudget = await ProgramAccounts.FundBudgetAsync(db, program, ct);
        var transfer = program.ReduceEnvelope(Money.Vnd(c.Amount), c.DecisionNumber, c.DecisionDate, fundBudget, budget, clock.GetUtcNow());
        await ledger.ExecuteAsync(transfer, ct); // the program budget's balance constraint refuses what is committed or spent too
        return ProgramView.From(program);
    }
}

public sealed class AmendProgramScheduleHandler(IVouchersDb db, TimeProvider clock) : IRequestHandler<AmendProgramSchedule, ProgramView>
{
    public async Task<ProgramView> Handle(AmendProgramSchedule c, CancellationToken ct)
    {
        var program = await ProgramAccounts.ProgramAsync(db, c.ProgramId, ct);
        program.AmendSchedule(c.ApplicationOpens, c.ApplicationCloses, c.VoucherValidityDays, c.DecisionNumber, c.DecisionDate, clock.GetUtcNow());
        return ProgramView.From(program);
    }
}

public sealed class CloseProgramHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : IRequestHandler<CloseProgram, ProgramView>
{
    public async Task<ProgramView> Handle(CloseProgram c, CancellationToken ct)
    {
        var program = await ProgramAccounts.ProgramAsync(db, c.ProgramId, ct);
        program.EnsureClosable();
        var budget = await ProgramAccounts.ProgramBudgetAsync(db, program, ct);
        var fundBudget = await ProgramAccounts.FundBudgetAsync(db, program, ct);
        if (program.Close(c.DecisionNumber, c.DecisionDate, fundBudget, budget, request.Actor, clock.GetUtcNow()) is { } transfer)
            await ledger.ExecuteAsync(transfer, ct);
        return ProgramView.From(program);
    }
}
