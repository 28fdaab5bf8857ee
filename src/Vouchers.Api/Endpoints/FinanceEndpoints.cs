using MediatR;
using Vouchers.Api.Auth;
using Vouchers.Application.Abstractions;
using Vouchers.Api.Http;
using Vouchers.Application.Funds;
using Vouchers.Application.Programs;
using Vouchers.Application.Vouchers;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Endpoints;

/// <summary>Sở Tài chính: budgets, envelopes, commitments and payments. Every endpoint here moves money, but for the extension of a voucher's validity (the funder's decision, no money).</summary>
public static class FinanceEndpoints
{
    public static void MapFinance(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/finance").WithTags("Finance").ForRole(Role.Finance);

        g.MapGet("/funds", (IMediator m, CancellationToken ct) => m.Send(new ListFunds(), ct))
            .WithSummary("The funds of the officer's province (what budgets and dashboards are about)").WithName("ListFundsForFinance");
        g.MapPost("/funds/{fundId:guid}/allocations", (Guid fundId, AllocationBody b, IMediator m, CancellationToken ct) =>
            m.Send(new AllocateBudget(fundId, b.FiscalYear, b.Amount, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().WithSummary("Allocate budget to a fund for a fiscal year (finance decision)").WithName("AllocateBudget");
        g.MapGet("/funds/{fundId:guid}/positions/{fiscalYear:int}", (Guid fundId, int fiscalYear, IMediator m, CancellationToken ct) =>
            m.Send(new GetFundPosition(fundId, fiscalYear), ct)).WithSummary("Fund position from the ledger").WithName("GetFundPositionForFinance");
        g.MapGet("/funds/{fundId:guid}/dashboard/{fiscalYear:int}", (Guid fundId, int fiscalYear, IMediator m, CancellationToken ct) =>
            m.Send(new GetFundDashboard(fundId, fiscalYear), ct))
            .WithSummary("Beside the fund position: by service kind (committed, payable, disbursed), by month, and the pipeline of vouchers by status")
            .WithName("GetFundDashboard");
        g.MapPost("/programs/{programId:guid}/approve-envelope", (Guid programId, EnvelopeApprovalBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ApproveProgramEnvelope(programId, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().WithSummary("Approve a program's envelope out of its fund's budget").WithName("ApproveProgramEnvelope");
        // programs' life (issue 16): amended and closed by a finance decision, money only through the ledger
        g.MapPost("/programs/{programId:guid}/top-up", (Guid programId, EnvelopeChangeBody b, IMediator m, CancellationToken ct) =>
            m.Send(new TopUpProgramEnvelope(programId, b.Amount, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().WithSummary("Top up an open program's envelope out of its fund's budget (finance decision)").WithName("TopUpProgramEnvelope");
        g.MapPost("/programs/{programId:guid}/reduce", (Guid programId, EnvelopeChangeBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ReduceProgramEnvelope(programId, b.Amount, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().WithSummary("Reduce a program's envelope back to its fund's budget, never below what is committed or spent")
            .WithName("ReduceProgramEnvelope");
        g.MapPost("/programs/{programId:guid}/schedule", (Guid programId, ScheduleBody b, IMediator m, CancellationToken ct) =>
            m.Send(new AmendProgramSchedule(programId, b.ApplicationOpens, b.ApplicationCloses, b.VoucherValidityDays, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().WithSummary("Change the application window and the validity of vouchers issued from now on (finance decision)")
            .WithName("AmendProgramSchedule");
        g.MapPost("/programs/{programId:guid}/close", (Guid programId, EnvelopeApprovalBody b, IMediator m, CancellationToken ct) =>
            m.Send(new CloseProgram(programId, b.DecisionNumber, b.DecisionDate), ct))
            .Idempotent().WithSummary("Close a program: no new applications; the unused envelope returns to the fund's budget").WithName("CloseProgram");
        // fiscal year end (issue 16, ADR 0015): commitments a year left open, carried over (chuyển nguồn) or released by decision
        g.MapGet("/programs/{programId:guid}/year-end/{fiscalYear:int}", (Guid programId, int fiscalYear, int? page, int? pageSize, IMediator m,
                CancellationToken ct) => m.Send(new ListYearEndCommitments(programId, fiscalYear, page ?? 1, pageSize ?? 20), ct))
            .WithSummary("The program's vouchers whose commitments are still open in a fiscal year's budget (what a year-end decision decides)")
            .WithName("ListYearEndCommitments");
        g.MapPost("/programs/{programId:guid}/year-end/{fiscalYear:int}", (Guid programId, int fiscalYear, YearEndBody b, IMediator m, CancellationToken ct) =>
            m.Send(new DecideYearEnd(programId, fiscalYear, b.DecisionNumber, b.DecisionDate, b.CarryOver ?? [], b.Release ?? []), ct))
            .Idempotent().WithName("DecideYearEnd")
            .WithSummary("After the fiscal year ended: carry open commitments over to the next year's budget (chuyển nguồn) or release them, by one decision");
        g.MapGet("/vouchers", (VoucherStatus? status, Guid? programId, string? province, DateOnly? from, DateOnly? to, int? page, int? pageSize,
                IMediator m, CancellationToken ct) =>
            m.Send(new ListVouchers(status, programId, province, null, null, from, to, page ?? 1, pageSize ?? 20), ct)).WithSummary("Vouchers, filtered by status, program, province and date").WithName("ListVouchersForFinance");
        g.MapGet("/vouchers/{id:guid}", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetVoucher(id), ct)).WithSummary("One voucher with its history").WithName("GetVoucherForFinance");
        g.MapGet("/vouchers/{id:guid}/outlook", (Guid id, IMediator m, CancellationToken ct) => m.Send(new GetFinanceOutlook(id), ct))
            .WithSummary("Before the click: which finance steps segregation of duties forbids the caller, and whether approving needs a second officer (four eyes)")
            .WithName("GetFinanceOutlook");
        g.MapPost("/vouchers/{id:guid}/approve", (Guid id, ApprovalBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ApproveVoucher(id, b.Amount), ct)).Idempotent().WithSummary("Approve: commit budget and issue the voucher").WithName("ApproveVoucher");
        g.MapPost("/vouchers/{id:guid}/reject", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new RejectApplication(id, b.Reason), ct)).WithName("RejectApplicationAsFinance")
            .WithSummary("Refuse approval (e.g. the second officer of a four-eyes approval disagrees); no money has moved yet");
        g.MapPost("/vouchers/{id:guid}/cancel", (Guid id, ReasonBody b, IMediator m, CancellationToken ct) =>
            m.Send(new CancelVoucher(id, b.Reason), ct)).Idempotent().WithSummary("Cancel: release the commitment").WithName("CancelVoucher");
        g.MapPost("/vouchers/{id:guid}/extend", (Guid id, ExtensionBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ExtendVoucher(id, b.ValidUntil, b.Reason), ct)).Idempotent().WithName("ExtendVoucher")
            .WithSummary("Extend an issued voucher's validity (with reason, within the program's limit); a new QR replaces the old one");
        g.MapPost("/vouchers/{id:guid}/settle", (Guid id, IMediator m, CancellationToken ct) =>
            m.Send(new SettleVoucher(id), ct)).Idempotent().WithSummary("Authorise payment: post the accepted amount, release the rest").WithName("SettleVoucher");
        g.MapPost("/vouchers/{id:guid}/disburse", (Guid id, DisbursementBody b, IMediator m, CancellationToken ct) =>
            m.Send(new DisburseVoucher(id, b.PaymentReference), ct)).Idempotent().WithSummary("Record the treasury payment to the provider").WithName("DisburseVoucher");
        g.MapPost("/vouchers/{id:guid}/claw-back", (Guid id, ClawbackBody b, IMediator m, CancellationToken ct) =>
            m.Send(new ClawBackVoucher(id, b.Amount, b.Reason), ct)).Idempotent().WithSummary("Claw back after settlement (reversing transfer)").WithName("ClawBackVoucher");
    }
}

// The bodies this group binds; ReasonBody, which other groups bind too, is in ReasonAndNoteBodies.cs.
public sealed record AllocationBody(int FiscalYear, long Amount, string DecisionNumber, DateOnly DecisionDate);
public sealed record EnvelopeApprovalBody(string DecisionNumber, DateOnly DecisionDate);
public sealed record EnvelopeChangeBody(long Amount, string DecisionNumber, DateOnly DecisionDate);
public sealed record ScheduleBody(DateOnly ApplicationOpens, DateOnly ApplicationCloses, int VoucherValidityDays, string DecisionNumber, DateOnly DecisionDate);
public sealed record ApprovalBody(long? Amount);
public sealed record DisbursementBody(string PaymentReference);
public sealed record ClawbackBody(long? Amount, string Reason);
public sealed record ExtensionBody(DateOnly ValidUntil, string Reason);
public sealed record YearEndBody(string DecisionNumber, DateOnly DecisionDate, IReadOnlyList<Guid>? CarryOver, IReadOnlyList<Guid>? Release);
