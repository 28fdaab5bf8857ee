using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Funds;

/// <summary>
/// The finance department allocates budget to a fund for a fiscal year by a decision (number and date). The first
/// allocation of a year opens the fund's accounts for that year.
/// </summary>
public sealed record AllocateBudget(Guid FundId, int FiscalYear, long Amount, string DecisionNumber, DateOnly DecisionDate)
    : IMoneyCommand<BudgetAllocationView>;

public sealed class AllocateBudgetValidator : AbstractValidator<AllocateBudget>
{
    public AllocateBudgetValidator()
    {
        RuleFor(c => c.FundId).NotEmpty();
        RuleFor(c => c.FiscalYear).SupportedFiscalYear();
        RuleFor(c => c.Amount).GreaterThan(0);
        RuleFor(c => c.DecisionNumber).NotEmpty().MaximumLength(Text.ReferenceMax);
        RuleFor(c => c.DecisionDate).SupportedDate();
    }
}

public sealed record BudgetAllocationView(Guid Id, Guid FundId, int FiscalYear, long Amount, string AmountInWords, string DecisionNumber,
    DateOnly DecisionDate, Guid TransferId);

public sealed class AllocateBudgetHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : IRequestHandler<AllocateBudget, BudgetAllocationView>
{
    public async Task<BudgetAllocationView> Handle(AllocateBudget c, CancellationToken ct)
    {
        var fund = await db.Funds.FirstOrDefaultAsync(f => f.Id == c.FundId, ct) ?? throw new NotFoundException("fund", c.FundId);
        var now = clock.GetUtcNow();
        var accounts = await db.LedgerAccounts
            .Where(a => a.FundId == fund.Id && a.FiscalYear == c.FiscalYear && a.ProgramId == null).ToListAsync(ct);
        var source = accounts.FirstOrDefault(a => a.Code == AccountCode.FundingSource);
        var budget = accounts.FirstOrDefault(a => a.Code == AccountCode.FundBudget);
        if (source is null || budget is null)
        {
            (source, budget) = fund.OpenFiscalYear(c.FiscalYear, now);
            db.LedgerAccounts.AddRange(source, budget);
        }

        var (allocation, transfer) = fund.AllocateBudget(c.FiscalYear, Money.Vnd(c.Amount), c.DecisionNumber, c.DecisionDate, source, budget, request.Actor, now);
        // Compared as the fund will store it (trimmed, NFC): a number typed in decomposed Unicode is the same decision.
        if (await db.BudgetAllocations.AnyAsync(a => a.FundId == fund.Id && a.DecisionNumber == allocation.DecisionNumber, ct))
            throw new BusinessRuleException("budget.decision-already-recorded", $"Decision {allocation.DecisionNumber} is already recorded for this fund.");
        await ledger.ExecuteAsync(transfer, ct);
        db.BudgetAllocations.Add(allocation);
        return new BudgetAllocationView(allocation.Id, fund.Id, allocation.FiscalYear, allocation.Amount.Dong, allocation.Amount.ToWords(),
            allocation.DecisionNumber, allocation.DecisionDate, allocation.TransferId);
    }
}
