using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Tests.Ledger;

public class LedgerAccountTests
{
    private static readonly Guid Fund = Guid.NewGuid();
    private static readonly Guid Program = Guid.NewGuid();

    [Fact]
    public void Open_StartsWithZeroBalancesAndVersion()
    {
        var a = LedgerAccount.Open(Guid.NewGuid(), AccountCode.ProgramBudget, AccountCode.ProgramBudget.DefaultFlags(),
            Fund, 2026, Program, " Ngân sách chương trình ", InMemoryLedger.Now);

        Assert.Equal((0L, 0L, 0L, 0L, 0L), (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted, a.Version));
        Assert.Equal((AccountFlags.DebitsMustNotExceedCredits, "Ngân sách chương trình"), (a.Flags, a.Name));
        Assert.Equal(Money.Zero, a.AvailableDebitCapacity);
    }

    public static TheoryData<AccountCode, AccountFlags, Guid?, string> Invalid() => new()
    {
        { AccountCode.ProgramBudget, AccountFlags.None, null, "budget" },
        { AccountCode.FundBudget, AccountFlags.None, Program, "budget" },
        { AccountCode.FundBudget, AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits, null, "budget" },
        { AccountCode.FundBudget, (AccountFlags)4, null, "budget" },
        { (AccountCode)42, AccountFlags.None, null, "budget" },
        { AccountCode.FundBudget, AccountFlags.None, null, " " },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Open_WithInconsistentDetails_IsRefused(AccountCode code, AccountFlags flags, Guid? programId, string name) =>
        Assert.Throws<InvalidValueException>(() =>
            LedgerAccount.Open(Guid.NewGuid(), code, flags, Fund, 2026, programId, name, InMemoryLedger.Now));

    [Theory]
    [InlineData(AccountCode.FundingSource, AccountFlags.None)]
    [InlineData(AccountCode.FundBudget, AccountFlags.DebitsMustNotExceedCredits)]
    [InlineData(AccountCode.ProgramDisbursed, AccountFlags.DebitsMustNotExceedCredits)]
    public void DefaultFlags_LetOnlyTheFundingSourceGoNegative(AccountCode code, AccountFlags expected) =>
        Assert.Equal(expected, code.DefaultFlags());
}
