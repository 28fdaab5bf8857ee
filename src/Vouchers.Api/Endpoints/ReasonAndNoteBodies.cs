namespace Vouchers.Api.Endpoints;

// Request bodies carry only what the caller may set; ids come from the route, amounts the system decides
// (support amount, co-payment, size class, status) are never read from a client. Where a command has no
// route value and nothing the system decides (CreateFund, CreateProgram, RegisterProvider), the endpoint
// binds the command itself instead of a copy of it.
//
// Each body sits at the end of the endpoint file whose group binds it; this file holds the two that several
// groups bind. Keep every body in this namespace: the idempotency filter fingerprints the arguments it finds
// here (Http/IdempotencyFilter.cs).

/// <summary>A reason the caller must give (return, reject, cancel, dispute, rework): finance, reviewer and SME.</summary>
public sealed record ReasonBody(string Reason);
/// <summary>A note the caller may add (recommend, approve a profile change, confirm delivery): reviewer and SME.</summary>
public sealed record OptionalNoteBody(string? Note);
