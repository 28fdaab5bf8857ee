namespace Vouchers.Application.Audit;

public enum AuditOutcome { Succeeded = 1, Refused = 2, Failed = 3, Replayed = 4 }

/// <summary>
/// One line of the audit trail: who (subject, roles, the SME or provider the token binds them to), did what (the
/// operation), on which object, when, from which address, and with what outcome and reason. Written for every
/// command, allowed or refused, and for every request refused by authentication, authorisation, ownership or rate
/// limits. Append-only: the DbContext refuses edits and deletions and the database triggers refuse them too.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Subject { get; init; } = "";
    public string? SubjectName { get; init; }
    /// <summary>The roles the token carried, comma-separated.</summary>
    public string? Roles { get; init; }
    /// <summary>The role the request acted in (the endpoint group), or empty when refused before that was known.</summary>
    public string? ActingRole { get; init; }
    public string? TaxCode { get; init; }
    public Guid? ProviderId { get; init; }
    /// <summary>The operation: the endpoint's name (its OpenAPI operationId) or, off HTTP, the command's name.</summary>
    public string Action { get; init; } = "";
    public string? ObjectType { get; init; }
    public string? ObjectId { get; init; }
    public string? Method { get; init; }
    public string? Path { get; init; }
    public string? ClientAddress { get; init; }
    public AuditOutcome Outcome { get; init; }
    public int? StatusCode { get; init; }
    public string? ReasonCode { get; init; }
    public string? Reason { get; init; }
    public Guid CorrelationId { get; init; }
    public string? IdempotencyKey { get; init; }
    /// <summary>
    /// The province whose trail this line belongs to (an auditor of a province reads only its own; docs/decisions/0014):
    /// the acting officer's province, else the province of the voucher or enterprise the request concerned; null when
    /// neither is known (a national officer's line, a public request, lines written before V0008), which only the
    /// national scope reads.
    /// </summary>
    public string? ProvinceCode { get; set; }
}
