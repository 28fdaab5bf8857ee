using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vouchers.Application.Audit;
using Vouchers.Application.Abstractions;
using Vouchers.Infrastructure.Persistence;

namespace Vouchers.Infrastructure.Audit;

/// <summary>
/// Writes the audit trail. A command that succeeds writes its line inside its own transaction (see
/// <see cref="TransactionBehavior{TRequest,TResponse}"/>), so there is never a change without its line nor a line
/// without its change. A request refused anywhere (authentication, authorisation, rate limit, validation, a
/// business rule, a conflict) rolls back, and its line is written afterwards in a transaction of its own.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    public const int MaxReason = 1000;

    public AuditEntry Entry(RequestContext request, string action, (string Type, string Id)? target, AuditOutcome outcome,
        int? statusCode = null, string? reasonCode = null, string? reason = null)
    {
        var caller = request.Caller;
        return new AuditEntry
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            At = clock.GetUtcNow(),
            Subject = Cut(caller.Subject, 200)!,
            SubjectName = Cut(caller.Name, 200),
            Roles = caller.Roles.Count == 0 ? null : string.Join(",", caller.Roles.Order().Select(Application.Abstractions.Roles.Name)),
            // over HTTP the actor is still the system until an endpoint's policy admitted the caller in a role
            ActingRole = request.IsHttpRequest && request.Actor == Domain.Common.Actor.System ? null : request.Actor.Role,
            TaxCode = caller.TaxCode?.Value,
            ProviderId = caller.ProviderId,
            Action = Cut(request.Operation ?? action, 100)!,
            ObjectType = target?.Type,
            ObjectId = Cut(target?.Id, 100),
            Method = request.Method,
            Path = Cut(request.Path, 300),
            ClientAddress = Cut(request.ClientAddress, 64),
            Outcome = outcome,
            StatusCode = statusCode,
            ReasonCode = Cut(reasonCode, 100),
            Reason = Cut(reason, MaxReason),
            CorrelationId = request.CorrelationId,
            IdempotencyKey = Cut(request.IdempotencyKey, 100),
            ProvinceCode = AuditProvince(request),
        };
    }

    /// <summary>
    /// Whose trail the line joins: the acting officer's province; a national officer's, an SME's or a provider's line
    /// joins the province of what it concerned (<see cref="RequestContext.NotedProvince"/>), else no province's
    /// (only the national scope reads those).
    /// </summary>
    private static string? AuditProvince(RequestContext request)
    {
        var limit = Application.Abstractions.ProvinceScope.LimitOf(request);
        // an officer refused before acting in a role (a wrong role's endpoint) still belongs to its province
        return limit is not null && limit != Application.Abstractions.ProvinceScope.Nowhere ? limit : request.NotedProvince ?? request.Caller.ProvinceCode;
    }

    /// <summary>
    /// Writes a line outside the request's (rolled back) unit of work, in a scope and transaction of its own. A refused
    /// SME's or provider's line that concerned nothing of known province (a forged QR code, a body that did not parse)
    /// joins the province of the enterprise or provider the caller is bound to.
    /// </summary>
    public static async Task WriteSeparatelyAsync(IServiceProvider services, AuditEntry entry, ILogger log)
    {
        try
        {
            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VouchersDbContext>();
            entry.ProvinceCode ??= await ProvinceOfAsync(db, entry);
            db.AuditTrail.Add(entry);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The request's answer stands; losing its audit line is logged loudly for the operators.
            log.LogCritical(ex, "Could not write the audit line for {Action} by {Subject} ({Outcome})", entry.Action, entry.Subject, entry.Outcome);
        }
    }

    /// <summary>
    /// For a refused line whose request never reached its object: the province of the voucher its route named (an
    /// anonymous or wrong-role attempt on a voucher id joins that voucher's province), else of the enterprise or provider
    /// the caller is bound to.
    /// </summary>
    private static async Task<string?> ProvinceOfAsync(VouchersDbContext db, AuditEntry entry)
    {
        if (entry.ObjectType == "voucher" && Guid.TryParse(entry.ObjectId, out var voucherId)
            && await db.Vouchers.AcrossProvinces().AsNoTracking().Where(v => v.Id == voucherId).Select(v => v.ProvinceCode).FirstOrDefaultAsync() is { Length: > 0 } of)
            return of;
        if (entry.TaxCode is { } tax && Domain.Enterprises.TaxCode.TryParse(tax, out var taxCode))
            return await db.Enterprises.AsNoTracking().Where(e => e.TaxCode == taxCode).Select(e => e.ProvinceCode).FirstOrDefaultAsync();
        if (entry.ProviderId is { } providerId)
            return await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => p.ProvinceCode).FirstOrDefaultAsync();
        return null;
    }

    private static string? Cut(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    /// <summary>
    /// The object a command addresses: its voucher; else what it created or changed (the result's Id); else the
    /// fund, program, provider or enterprise it names.
    /// </summary>
    public static (string Type, string Id)? TargetOf(object request, object? result)
    {
        if (Property(request, "VoucherId") is { } voucher) return ("voucher", voucher);
        if (result?.GetType().GetProperty("Id")?.GetValue(result) is Guid created && created != Guid.Empty)
            return (TypeName(result.GetType().Name), created.ToString());
        foreach (var (name, type) in new[] { ("FundId", "fund"), ("ProgramId", "program"), ("ProviderId", "provider"), ("TaxCode", "enterprise") })
            if (Property(request, name) is { } id) return (type, id);
        return null;
    }

    private static string? Property(object o, string name) =>
        Properties.GetOrAdd((o.GetType(), name), k => k.Type.GetProperty(k.Name))?.GetValue(o) is { } v && v.ToString() is { Length: > 0 } s
        && s != Guid.Empty.ToString() ? s : null;

    private static readonly ConcurrentDictionary<(Type Type, string Name), PropertyInfo?> Properties = new();

    private static string TypeName(string viewName) =>
        (viewName.EndsWith("View", StringComparison.Ordinal) ? viewName[..^4] : viewName).ToLowerInvariant();
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Subject).HasMaxLength(200);
        b.Property(e => e.SubjectName).HasMaxLength(200);
        b.Property(e => e.Roles).HasMaxLength(200);
        b.Property(e => e.ActingRole).HasMaxLength(40);
        b.Property(e => e.TaxCode).HasMaxLength(14);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.ObjectType).HasMaxLength(40);
        b.Property(e => e.ObjectId).HasMaxLength(100);
        b.Property(e => e.Method).HasMaxLength(10);
        b.Property(e => e.Path).HasMaxLength(300);
        b.Property(e => e.ClientAddress).HasMaxLength(64);
        b.Property(e => e.ReasonCode).HasMaxLength(100);
        b.Property(e => e.Reason).HasMaxLength(AuditTrail.MaxReason);
        b.Property(e => e.IdempotencyKey).HasMaxLength(100);
        b.Property(e => e.ProvinceCode).HasMaxLength(40);
        b.HasIndex(e => new { e.ProvinceCode, e.At });
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.Subject, e.At });
        b.HasIndex(e => e.ObjectId);
    }
}
