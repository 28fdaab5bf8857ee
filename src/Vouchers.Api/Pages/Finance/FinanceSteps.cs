using MediatR;
using Vouchers.Api.Web;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;

namespace Vouchers.Api.Pages.Finance;

/// <summary>
/// The finance steps as the pages send them: each the API endpoint's own command, run once per form under its
/// <see cref="FormOnce"/> key (a double click or a re-posted form runs it once), whichever page the form is on.
/// </summary>
public static class FinanceSteps
{
    public static Task<VoucherView> Approve(HttpContext http, IMediator m, Guid id, string key) =>
        FormOnce.RunAsync(http, key, "ApproveVoucher", [id], () => m.Send(new ApproveVoucher(id, null), http.RequestAborted));

    public static Task<VoucherView> Reject(HttpContext http, IMediator m, Guid id, string reason, string key) =>
        FormOnce.RunAsync(http, key, "RejectApplicationAsFinance", [id, reason], () => m.Send(new RejectApplication(id, reason), http.RequestAborted));

    public static Task<VoucherView> Settle(HttpContext http, IMediator m, Guid id, string key) =>
        FormOnce.RunAsync(http, key, "SettleVoucher", [id], () => m.Send(new SettleVoucher(id), http.RequestAborted));

    public static Task<VoucherView> Disburse(HttpContext http, IMediator m, Guid id, string reference, string key) =>
        FormOnce.RunAsync(http, key, "DisburseVoucher", [id, reference], () => m.Send(new DisburseVoucher(id, reference), http.RequestAborted));

    public static Task<BudgetAllocationView> Allocate(HttpContext http, IMediator m, AllocateBudget c, string key) =>
        FormOnce.RunAsync(http, key, "AllocateBudget", [c.FundId, c.FiscalYear, c.Amount, c.DecisionNumber, c.DecisionDate], () => m.Send(c, http.RequestAborted));

    public static Task<ProgramView> ApproveEnvelope(HttpContext http, IMediator m, ApproveProgramEnvelope c, string key) =>
        FormOnce.RunAsync(http, key, "ApproveProgramEnvelope", [c.ProgramId, c.DecisionNumber, c.DecisionDate], () => m.Send(c, http.RequestAborted));
}

/// <summary>One voucher of a finance queue: the voucher, what the asking officer would meet on it, its program and what the program's envelope has left.</summary>
public sealed record QueueRow(VoucherView Voucher, FinanceOutlook Outlook, ProgramView Program, long? Available);

/// <summary>The rows of a finance queue, from the API's own queries (the outlook per voucher; the fund position per program's fund and year).</summary>
public static class FinanceQueue
{
    public static async Task<IReadOnlyList<QueueRow>> RowsAsync(IMediator m, IEnumerable<VoucherView> vouchers, CancellationToken ct)
    {
        var programs = new Dictionary<Guid, ProgramView>();
        var positions = new Dictionary<(Guid, int), FundPosition>();
        var rows = new List<QueueRow>();
        foreach (var v in vouchers)
        {
            if (!programs.TryGetValue(v.ProgramId, out var program)) programs[v.ProgramId] = program = await m.Send(new GetProgram(v.ProgramId), ct);
            var key = (program.FundId, program.FiscalYear);
            if (!positions.TryGetValue(key, out var position)) positions[key] = position = await m.Send(new GetFundPosition(program.FundId, program.FiscalYear), ct);
            var available = position.Programs.FirstOrDefault(p => p.ProgramId == program.Id)?.Available;
            rows.Add(new QueueRow(v, await m.Send(new GetFinanceOutlook(v.Id), ct), program, available));
        }
        return rows;
    }

    /// <summary>A demo subject (<c>dev|finance.son</c>) as a person reads it.</summary>
    public static string Officer(string subject) => subject.StartsWith("dev|", StringComparison.Ordinal) ? subject[4..] : subject;
}
