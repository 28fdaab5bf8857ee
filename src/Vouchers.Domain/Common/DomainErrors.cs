namespace Vouchers.Domain.Common;

/// <summary>
/// Base of every error the domain raises on purpose. <see cref="Code"/> is a stable, machine-readable name
/// (e.g. <c>voucher.illegal-transition</c>) that the API puts into problem details; the message is for people.
/// </summary>
public abstract class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>
    /// The values the message names (an amount, a date, a year), by name, so that a message in another language can name
    /// them too without reading the English one (the problem catalogue's <c>{name}</c> placeholders). Empty when the error
    /// gives none: the catalogue then has a message of its own without them.
    /// </summary>
    public IReadOnlyDictionary<string, object> Values { get; init; } = NoValues;

    private static readonly IReadOnlyDictionary<string, object> NoValues = new Dictionary<string, object>();
}

/// <summary>A value failed its own validation (a malformed tax code, a negative amount). Maps to 400.</summary>
public sealed class InvalidValueException(string field, string reason, string? reasonVi = null)
    : DomainException("value.invalid", $"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;

    /// <summary>The reason in Vietnamese, where the site that refused the value gives one; otherwise the catalogue's general one.</summary>
    public string? ReasonVi { get; } = reasonVi;
}

/// <summary>A named business rule refused the operation (outside the window, over the cap). Maps to 422.</summary>
public sealed class BusinessRuleException(string rule, string message) : DomainException(rule, message)
{
    public string Rule => Code;
}

/// <summary>
/// Segregation of duties (tách bạch nhiệm vụ) refused the operation: the actor already did an earlier step of the
/// same voucher that this step must check (recommended it, approved it, reported its delivery). Codes start with
/// <c>sod.</c>. Maps to 403: the request is well-formed and the transition is legal, but not for this person.
/// </summary>
public sealed class SegregationOfDutiesException(string rule, string message) : DomainException(rule, message)
{
    public string Rule => Code;
}

/// <summary>
/// The thing asked for does not exist. (One that exists but is not the caller's to see is answered the same way:
/// the application's <c>NotVisibleException</c>.)
/// </summary>
public class NotFoundException(string what, object id) : DomainException("not-found", $"{what} '{id}' was not found.")
{
    public string What { get; } = what;
}

/// <summary>
/// A trigger was fired in a state that does not permit it. Carries what IS permitted now, so the API can say
/// which transitions are allowed. Maps to 409. The code is <c>{entity}.illegal-transition</c> unless the entity
/// names the case more precisely (e.g. <c>voucher.already-redeemed</c>, with its own message).
/// </summary>
public sealed class IllegalTransitionException(string entity, string state, string trigger, IReadOnlyList<string> permitted,
    string? code = null, string? message = null)
    : DomainException(code ?? $"{entity}.illegal-transition",
        message ?? $"{entity} in state '{state}' cannot '{trigger}'. Allowed now: {(permitted.Count == 0 ? "none" : string.Join(", ", permitted))}.")
{
    public string Entity { get; } = entity;
    public string State { get; } = state;
    public string Trigger { get; } = trigger;
    public IReadOnlyList<string> Permitted { get; } = permitted;
}

/// <summary>
/// The thing is not in a state where it can be given (e.g. <c>voucher.qr-not-current</c>: the QR of a voucher that was redeemed).
/// It is not a transition (nothing is fired), so it carries no allowed transitions. Maps to 409.
/// </summary>
public sealed class ConflictException(string code, string message) : DomainException(code, message);
