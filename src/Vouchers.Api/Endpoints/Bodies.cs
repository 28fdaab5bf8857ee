using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Api.Endpoints;

// Request bodies carry only what the caller may set; ids come from the route, amounts the system decides
// (support amount, co-payment, size class, status) are never read from a client. Where a command has no
// route value and nothing the system decides (CreateFund, CreateProgram, RegisterProvider), the endpoint
// binds the command itself instead of a copy of it.

public sealed record ReasonBody(string Reason);
public sealed record OptionalReasonBody(string? Reason);
public sealed record NoteBody(string Note);
public sealed record OptionalNoteBody(string? Note);
public sealed record EnterpriseProfileBody(string Name, string ProvinceCode, string CommuneWard, SectorGroup SectorGroup, Sector Sector,
    int AverageInsuredEmployees, long AnnualRevenue, long TotalCapital);
public sealed record ApplicationBody(Guid ProgramId, ServiceKind ServiceKind, long RequestedAmount, string Purpose);
public sealed record ResubmissionBody(long RequestedAmount, string Purpose);
public sealed record ApprovalBody(long? Amount);
/// <summary>A redemption: the text scanned from the voucher's QR code and the provider's contract with the SME.</summary>
public sealed record RedemptionBody(string Token, long ContractValue, string ContractNumber);
/// <summary>The text scanned from a voucher's QR code.</summary>
public sealed record ScanBody(string Token);
public sealed record AcceptanceBody(string DecisionNumber, long? AcceptedAmount);
public sealed record PaymentClaimBody(string EInvoiceNumber);
public sealed record DisbursementBody(string PaymentReference);
public sealed record ClawbackBody(long? Amount, string Reason);
public sealed record AllocationBody(int FiscalYear, long Amount, string DecisionNumber, DateOnly DecisionDate);
public sealed record EnvelopeApprovalBody(string DecisionNumber, DateOnly DecisionDate);
