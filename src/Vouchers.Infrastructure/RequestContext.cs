using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Infrastructure;

/// <summary>Scoped: the system actor by default (background jobs, seeding); the API sets the caller per request.</summary>
public sealed class RequestContext : IRequestContext
{
    public Caller Caller { get; set; } = Caller.System;
    public Actor Actor { get; set; } = Actor.System;
    public Guid CorrelationId { get; set; } = Guid.NewGuid();

    /// <summary>True when the request came through an API endpoint (not a background job or the seeder).</summary>
    public bool IsHttpRequest { get; set; }

    // For the audit trail: what the HTTP layer knows about the request (null off HTTP).
    public string? Operation { get; set; }
    public string? Method { get; set; }
    public string? Path { get; set; }
    public string? ClientAddress { get; set; }
    public string? IdempotencyKey { get; set; }

    /// <summary>Set once the request's audit line is written (in the command's transaction), so it is written once.</summary>
    public bool AuditRecorded { get; set; }

    /// <summary>What <see cref="Concerns"/> noted: the object (when the route names none) and a reason.</summary>
    public (string Type, string Id)? NotedObject { get; private set; }
    public (string Code, string? Detail)? NotedReason { get; private set; }

    /// <summary>What <see cref="Describes"/> noted of a command that succeeded.</summary>
    public (string Code, string Detail)? DescribedChange { get; private set; }

    public void Describes(string code, string detail) => DescribedChange = (code, detail);

    /// <summary>What <see cref="InProvince"/> noted: the province of what the request concerned.</summary>
    public string? NotedProvince { get; private set; }

    public void InProvince(string provinceCode) => NotedProvince ??= provinceCode;

    public void Concerns(string objectType, Guid? id, string? reasonCode = null, string? reason = null)
    {
        if (id is { } known) NotedObject = (objectType, known.ToString());
        if (reasonCode is not null) NotedReason = (reasonCode, reason);
    }
}
