using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Audit;

/// <summary>The audit trail for auditors: filtered by subject, action, object, outcome and a date range (Vietnam dates), newest first.</summary>
public sealed record ListAuditTrail(string? Subject = null, string? Action = null, string? ObjectId = null, AuditOutcome? Outcome = null,
    DateOnly? From = null, DateOnly? To = null, int Page = 1, int PageSize = 50) : IQuery<Page<AuditEntryView>>, IPagedQuery;

public sealed record AuditEntryView(Guid Id, DateTimeOffset At, string Subject, string? SubjectName, string? Roles, string? ActingRole,
    string? TaxCode, Guid? ProviderId, string Action, string? ObjectType, string? ObjectId, string? Method, string? Path, string? ClientAddress,
    AuditOutcome Outcome, int? StatusCode, string? ReasonCode, string? Reason, Guid CorrelationId, string? IdempotencyKey, string? ProvinceCode)
{
    public static AuditEntryView Of(AuditEntry e) => new(e.Id, e.At, e.Subject, e.SubjectName, e.Roles, e.ActingRole, e.TaxCode, e.ProviderId,
        e.Action, e.ObjectType, e.ObjectId, e.Method, e.Path, e.ClientAddress, e.Outcome, e.StatusCode, e.ReasonCode, e.Reason, e.CorrelationId,
        e.IdempotencyKey, e.ProvinceCode);
}

public sealed class ListAuditTrailValidator : AbstractValidator<ListAuditTrail>
{
    public ListAuditTrailValidator()
    {
        this.AddPagingRules();
        // compared as stored; a control character is refused here, never sent (PostgreSQL cannot hold NUL in text: 500)
        RuleFor(q => q.Subject).MaximumLength(200).NoControlCharacters();
        RuleFor(q => q.Action).MaximumLength(100).NoControlCharacters();
        RuleFor(q => q.ObjectId).MaximumLength(100).NoControlCharacters();
        RuleFor(q => q.Outcome).IsInEnum().When(q => q.Outcome is not null);
        RuleFor(q => q.From).SupportedDate();
        RuleFor(q => q.To).SupportedDate();
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null);
    }
}

public sealed class ListAuditTrailHandler(IVouchersDb db) : IRequestHandler<ListAuditTrail, Page<AuditEntryView>>
{
    public async Task<Page<AuditEntryView>> Handle(ListAuditTrail q, CancellationToken ct)
    {
        var query = db.AuditTrail.AsNoTracking();
        if (q.Subject is not null) query = query.Where(e => e.Subject == q.Subject);
        if (q.Action is not null) query = query.Where(e => e.Action == q.Action);
        if (q.ObjectId is not null) query = query.Where(e => e.ObjectId == q.ObjectId);
        if (q.Outcome is { } outcome) query = query.Where(e => e.Outcome == outcome);
        if (q.From is { } from) { var start = VietnamTime.StartOf(from); query = query.Where(e => e.At >= start); }
        if (q.To is { } to) { var end = VietnamTime.StartOf(to.AddDays(1)); query = query.Where(e => e.At < end); }
        return await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToPageAsync(q, AuditEntryView.Of, ct);
    }
}
