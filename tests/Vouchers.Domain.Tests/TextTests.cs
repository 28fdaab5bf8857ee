using Vouchers.Domain.Common;

namespace Vouchers.Domain.Tests;

public class TextTests
{
    [Theory]
    [InlineData("\u200B")]             // zero-width space
    [InlineData("\u200C\u200D")]       // zero-width non-joiner and joiner
    [InlineData("\u2060")]             // word joiner
    [InlineData("\uFEFF")]             // byte order mark / zero-width no-break space
    [InlineData("\u00AD")]             // soft hyphen
    [InlineData("\u202E")]             // right-to-left override
    [InlineData("\U000E0041")]         // a tag character (outside the BMP)
    [InlineData(" \u200B\t\n\u2060 \u3000")]
    [InlineData("")]
    [InlineData("   ")]
    public void Required_TextOfOnlyWhiteSpaceAndInvisibleCharacters_IsRequired(string value)
    {
        var e = Assert.Throws<InvalidValueException>(() => Text.Required(value, "reason", 2000));
        Assert.Equal("reason", e.Field);
        Assert.Equal("is required.", e.Reason);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData(" \uFEFF ")]
    public void Optional_TextOfOnlyInvisibleCharacters_IsNoText(string value) =>
        Assert.Null(Text.Optional(value, "note", 2000));

    [Theory]
    [InlineData("Bổ\u200Bsung hồ sơ", "U+200B")]
    [InlineData("Bổ sung\u200D", "U+200D")]
    [InlineData("abc\u202Edef", "U+202E")]
    [InlineData("\uFEFFBổ sung", "U+FEFF")]
    [InlineData("Bổ sung \U000E0041", "U+E0041")]
    public void AnInvisibleFormattingCharacterInsideText_IsRefused_AndNamed(string value, string named)
    {
        var e = Assert.Throws<InvalidValueException>(() => Text.Optional(value, "reason", 2000));
        Assert.Equal("reason", e.Field);
        Assert.Contains(named, e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  Bổ sung hồ sơ\t", "Bổ sung hồ sơ")]
    [InlineData("Nguye\u0302\u0303n Va\u0306n A\u0301", "Nguyễn Văn Á")] // NFD Vietnamese, stored as NFC
    [InlineData("Dòng 1\nDòng 2", "Dòng 1\nDòng 2")]
    [InlineData("Kiểm nghiệm 💸", "Kiểm nghiệm 💸")]
    public void VietnameseText_IsKept_TrimmedAndComposed(string value, string stored) =>
        Assert.Equal(stored, Text.Required(value, "reason", 2000));

    [Fact]
    public void AControlCharacter_IsStillRefused() =>
        Assert.Equal("must not contain control characters.", Assert.Throws<InvalidValueException>(() => Text.Required("Lý\u0007do", "reason", 2000)).Reason);
}
