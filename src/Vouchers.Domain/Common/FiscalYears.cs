namespace Vouchers.Domain.Common;

/// <summary>The fiscal years the service accepts, for funds, programs and ledger accounts alike.</summary>
public static class FiscalYears
{
    public const int First = 2020, Last = 2100;

    public static void Validate(int fiscalYear)
    {
        if (fiscalYear is < First or > Last) throw new InvalidValueException("fiscalYear", $"must be between {First} and {Last}.", $"phải từ năm {First} đến năm {Last}.");
    }
}
