using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vouchers.Api.Web;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Integrity;

namespace Vouchers.Api.Pages.Auditor;

/// <summary>
/// The ledger's integrity on request (the API's <c>VerifyLedger</c>, a GET: verifying changes nothing): the verdict — ok,
/// or the first problem named with the record and what is wrong — its figures, and the stored checkpoints it was held
/// against (<c>ListCheckpoints</c>, the public list), each with what the verification said of it.
/// </summary>
public sealed class LedgerModel(IMediator mediator) : PageModel
{
    /// <summary>The newest checkpoints shown (the list is public and paged: the API's page size).</summary>
    public const int CheckpointPage = 100;

    [BindProperty(SupportsGet = true, Name = "verify")] public string? Verify { get; set; }

    public LedgerVerification? Result { get; private set; }
    public Page<CheckpointView>? Checkpoints { get; private set; }
    public PageProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Verify is null) return;
        try
        {
            Result = await mediator.Send(new VerifyLedger(), ct);
            var first = await mediator.Send(new ListCheckpoints(1, CheckpointPage), ct);
            var last = AuditorDisplay.Pages(first.Total, CheckpointPage);
            Checkpoints = last == 1 ? first : await mediator.Send(new ListCheckpoints(last, CheckpointPage), ct);
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem; // e.g. another verification is running here
        }
    }

    /// <summary>
    /// What the verification said of a stored checkpoint, as a resource key under <c>Ledger.Checkpoint.</c>: its
    /// signature did not verify (a bad-checkpoint problem at its height), the chain disagrees with it (rewritten at its
    /// height), the chain agrees with it (at or below the highest agreeing checkpoint), or it was not reached.
    /// </summary>
    public string StatusOf(CheckpointView c)
    {
        var r = Result!;
        if (r.Problems.Any(p => p.Kind == "bad-checkpoint" && p.Height == c.Height)) return "BadSignature";
        if (r.Problems.Any(p => p.Kind == "rewritten" && p.Height == c.Height)) return "Disagrees";
        return r.LastCheckpointHeight is { } agreed && c.Height <= agreed ? "Agrees" : "NotReached";
    }
}
