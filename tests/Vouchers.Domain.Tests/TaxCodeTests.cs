using FsCheck;
using FsCheck.Fluent;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;

namespace Vouchers.Domain.Tests;

public class TaxCodeTests
{
    private static readonly Gen<string> NineDigits =
        Gen.ArrayOf(Gen.Choose(0, 9), 9).Select(ds => string.Concat(ds));

    [Theory]
    [InlineData("0100109106", "0100109106")]
    [InlineData("0300588569", "0300588569")]
    [InlineData("  0100109106\t", "0100109106")]
    [InlineData("0100109106-001", "0100109106-001")]
    [InlineData("0100109106001", "0100109106-001")]
    [InlineData(" 0300588569-999 ", "0300588569-999")]
    public void Parse_ValidCode_NormalisesValue(string input, string expected)
    {
        var code = TaxCode.Parse(input);
        Assert.Equal(expected, code.Value);
        Assert.Equal(expected, code.ToString());
    }

    [Fact]
    public void Parse_SameCodeWithOrWithoutHyphen_AreEqual()
    {
        Assert.Equal(TaxCode.Parse("0100109106-012"), TaxCode.Parse("0100109106012"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_ThrowsSayingEmpty(string? input)
    {
        var ex = Assert.Throws<InvalidValueException>(() => TaxCode.Parse(input));
        Assert.Equal("taxCode", ex.Field);
        Assert.Contains("empty", ex.Reason);
    }

    [Theory]
    [InlineData("010010910")]
    [InlineData("01001091061")]
    [InlineData("010010910600")]
    [InlineData("01001091060011")]
    [InlineData("0100109106-0011")]
    [InlineData("0100109106-1")]
    public void Parse_WrongLength_ThrowsSayingDigitCount(string input)
    {
        var ex = Assert.Throws<InvalidValueException>(() => TaxCode.Parse(input));
        Assert.Equal("taxCode", ex.Field);
        Assert.Contains("must have 10 digits", ex.Reason);
    }

    [Theory]
    [InlineData("01001091O6")]
    [InlineData("0100 109106")]
    [InlineData("010010-9106")]
    [InlineData("0100109106-00A")]
    [InlineData("0100109106_001")]
    [InlineData("0100109106--01")]
    [InlineData("0100109106-")]
    [InlineData("٠١٠٠١٠٩١٠٦")] // Arabic-Indic digits are not ASCII digits
    public void Parse_NonDigit_ThrowsSayingDigitsOnly(string input)
    {
        var ex = Assert.Throws<InvalidValueException>(() => TaxCode.Parse(input));
        Assert.Equal("taxCode", ex.Field);
        Assert.Contains("only digits", ex.Reason);
    }

    [Theory]
    [InlineData("0100109105")]
    [InlineData("0100109107")]
    [InlineData("1000109106")]
    [InlineData("0000000000")] // 000000000 has no valid check digit at all
    [InlineData("0100109107-001")]
    public void Parse_BadCheckDigit_ThrowsSayingCheckDigit(string input)
    {
        var ex = Assert.Throws<InvalidValueException>(() => TaxCode.Parse(input));
        Assert.Equal("taxCode", ex.Field);
        Assert.Contains("check digit", ex.Reason);
    }

    [Theory]
    [InlineData("0100109106-000")]
    [InlineData("0100109106000")]
    public void Parse_BranchSuffixZero_ThrowsSayingBranchSuffix(string input)
    {
        var ex = Assert.Throws<InvalidValueException>(() => TaxCode.Parse(input));
        Assert.Equal("taxCode", ex.Field);
        Assert.Contains("branch suffix", ex.Reason);
    }

    [Fact]
    public void TryParse_ValidCode_ReturnsTrueAndCode()
    {
        Assert.True(TaxCode.TryParse("0100109106-001", out var code));
        Assert.Equal("0100109106-001", code.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0100109105")]
    [InlineData("0100109106-000")]
    [InlineData("abc")]
    public void TryParse_InvalidCode_ReturnsFalseAndNull(string? input)
    {
        Assert.False(TaxCode.TryParse(input, out var code));
        Assert.Null(code);
    }

    [Fact]
    public void HeadOffice_OfBranch_IsTheTenDigitCode()
    {
        var branch = TaxCode.Parse("0100109106-002");
        Assert.True(branch.IsBranch);
        Assert.Equal(TaxCode.Parse("0100109106"), branch.HeadOffice);
        Assert.False(branch.HeadOffice.IsBranch);
    }

    [Fact]
    public void HeadOffice_OfHeadOffice_IsItself()
    {
        var code = TaxCode.Parse("0100109106");
        Assert.False(code.IsBranch);
        Assert.Same(code, code.HeadOffice);
    }

    [Theory]
    [InlineData("010010910", 6)]
    [InlineData("030058856", 9)]
    [InlineData("000000000", null)]
    public void ComputeCheckDigit_FollowsTheWeightedMod11Rule(string nineDigits, int? expected)
    {
        Assert.Equal(expected, TaxCode.ComputeCheckDigit(nineDigits));
    }

    [Theory]
    [InlineData("01001091")]
    [InlineData("0100109106")]
    [InlineData("01001091x")]
    public void ComputeCheckDigit_WithoutExactlyNineDigits_Throws(string input)
    {
        Assert.Throws<InvalidValueException>(() => TaxCode.ComputeCheckDigit(input));
    }

    [Fact]
    public void WithCheckDigit_AppendsTheCheckDigit()
    {
        Assert.Equal("0100109106", TaxCode.WithCheckDigit("010010910").Value);
    }

    [Fact]
    public void WithCheckDigit_WhenNoCheckDigitExists_Throws()
    {
        var ex = Assert.Throws<InvalidValueException>(() => TaxCode.WithCheckDigit("000000000"));
        Assert.Equal("taxCode", ex.Field);
    }

    [Fact]
    public void WithCheckDigit_AnyNineDigits_EitherParsesOrHasNoCheckDigit()
    {
        Prop.ForAll(NineDigits.ToArbitrary(), nine =>
        {
            if (TaxCode.ComputeCheckDigit(nine) is null)
            {
                return Record.Exception(() => TaxCode.WithCheckDigit(nine)) is InvalidValueException;
            }

            var code = TaxCode.WithCheckDigit(nine);
            return code.Value.Length == 10 && code.Value.StartsWith(nine) && TaxCode.Parse(code.Value) == code;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ChangingAnySingleDigit_OfAValidCode_MakesItInvalid()
    {
        var cases =
            from nine in NineDigits.Where(n => TaxCode.ComputeCheckDigit(n) is not null)
            from position in Gen.Choose(0, 9)
            from delta in Gen.Choose(1, 9)
            select (Code: TaxCode.WithCheckDigit(nine).Value, Position: position, Delta: delta);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var digits = c.Code.ToCharArray();
            digits[c.Position] = (char)('0' + (digits[c.Position] - '0' + c.Delta) % 10);
            var changed = new string(digits);
            return changed != c.Code && !TaxCode.TryParse(changed, out _) && !TaxCode.TryParse(changed + "-001", out _);
        }).QuickCheckThrowOnFailure();
    }
}
