using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;

namespace Vouchers.Application.Programs;

/// <summary>
/// Loads what every finance decision on a program needs (<see cref="ApproveProgramEnvelope"/> and the amendments): the
/// program (province-filtered), its fund's budget for the program's fiscal year and its own budget.
/// </summary>
internal static class ProgramAccounts
{
    public static async Task<SupportProgram> ProgramAsync(IVouchersDb db, Guid id, CancellationToken ct) =>
        await db.Programs.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("program", id);

    public static async Task<LedgerAccount> FundBudgetAsync(IVouchersDb db, SupportProgram program, CancellationToken ct) =>
        await db.LedgerAccounts.FirstOrDefaultAsync(a =>
            a.FundId == program.FundId && a.FiscalYear == program.FiscalYear && a.Code == AccountCode.FundBudget && a.ProgramId == null, ct)
        ?? throw new BusinessRuleException("fund.no-budget-for-year", $"The fund has no budget allocated for {program.FiscalYear}.");

    /// <summary>The budget account of a program whose envelope was approved (<see cref="SupportProgram.EnsureEnvelopeApproved"/> asked first).</summary>
    public static async Task<LedgerAccount> ProgramBudgetAsync(IVouchersDb db, SupportProgram program, CancellationToken ct)
    {
        var id = program.BudgetAccountId ?? throw new InvalidOperationException($"Program {program.Code}'s envelope is not approved: it has no budget account.");
        return await db.LedgerAccounts.FirstAsync(a => a.Id == id, ct);
    }
}
