using System.Text;
using Vouchers.Domain.Common;

namespace Vouchers.Domain.Ledger;

/// <summary>Why the ledger refused a batch. Stored/reported as numbers and codes: never renumber.</summary>
public enum LedgerResult
{
    IdMustNotBeEmpty = 1,
    IdAlreadyExists = 2,
    AccountsMustBeDifferent = 3,
    DebitAccountNotFound = 4,
    CreditAccountNotFound = 5,
    AmountMustNotBeZero = 6,
    PendingIdRequired = 7,
    PendingIdMustBeEmpty = 8,
    PendingTransferNotFound = 9,
    PendingTransferNotPending = 10,
    PendingTransferAlreadyPosted = 11,
    PendingTransferAlreadyVoided = 12,
    PendingTransferHasDifferentAccounts = 13,
    ExceedsPendingTransferAmount = 14,
    ExceedsCredits = 15,
    ExceedsDebits = 16,
    Overflow = 17,
    EmptyBatch = 18,
    /// <summary>The kind does not go with the phase (e.g. a Commitment that is not Pending).</summary>
    KindDoesNotMatchPhase = 19,
    /// <summary>The accounts' codes are not the ones the kind moves money between (e.g. an Allocation into a program).</summary>
    AccountCodesDoNotMatchKind = 20,
    /// <summary>A VoidPending amount that is neither zero nor the pending amount.</summary>
    PendingTransferHasDifferentAmount = 21,
    /// <summary>A Correction without a reason.</summary>
    CorrectionRequiresReason = 22,
}

/// <summary>
/// The ledger refused a linked batch; nothing was changed. <see cref="FailedIndex"/> is the refused request
/// (-1 for <see cref="LedgerResult.EmptyBatch"/>); the code is <c>ledger.</c> + the result in kebab case.
/// </summary>
public sealed class LedgerException(LedgerResult result, int failedIndex, Guid transferId, string message)
    : DomainException(CodeOf(result), message)
{
    public LedgerResult Result { get; } = result;
    public int FailedIndex { get; } = failedIndex;
    public Guid TransferId { get; } = transferId;

    /// <summary><c>ExceedsCredits</c> → <c>ledger.exceeds-credits</c>.</summary>
    public static string CodeOf(LedgerResult result)
    {
        var name = result.ToString();
        var code = new StringBuilder("ledger.");
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) code.Append('-');
            code.Append(char.ToLowerInvariant(name[i]));
        }
        return code.ToString();
    }
}
