using System.Text;
using Vouchers.Domain.Common;

namespace Vouchers.Domain.Tests;

public class VietnameseNumberWordsTests
{
    [Theory]
    [InlineData(0L, "Không đồng")]
    [InlineData(1L, "Một đồng")]
    [InlineData(4L, "Bốn đồng")]
    [InlineData(5L, "Năm đồng")]
    [InlineData(10L, "Mười đồng")]
    [InlineData(11L, "Mười một đồng")]
    [InlineData(14L, "Mười bốn đồng")]
    [InlineData(15L, "Mười lăm đồng")]
    [InlineData(20L, "Hai mươi đồng")]
    [InlineData(21L, "Hai mươi mốt đồng")]
    [InlineData(24L, "Hai mươi bốn đồng")]
    [InlineData(25L, "Hai mươi lăm đồng")]
    [InlineData(55L, "Năm mươi lăm đồng")]
    [InlineData(99L, "Chín mươi chín đồng")]
    [InlineData(100L, "Một trăm đồng")]
    [InlineData(101L, "Một trăm linh một đồng")]
    [InlineData(105L, "Một trăm linh năm đồng")]
    [InlineData(110L, "Một trăm mười đồng")]
    [InlineData(111L, "Một trăm mười một đồng")]
    [InlineData(115L, "Một trăm mười lăm đồng")]
    [InlineData(121L, "Một trăm hai mươi mốt đồng")]
    [InlineData(1_000L, "Một nghìn đồng")]
    [InlineData(1_001L, "Một nghìn không trăm linh một đồng")]
    [InlineData(1_010L, "Một nghìn không trăm mười đồng")]
    [InlineData(1_100L, "Một nghìn một trăm đồng")]
    [InlineData(15_000L, "Mười lăm nghìn đồng")]
    [InlineData(21_000L, "Hai mươi mốt nghìn đồng")]
    [InlineData(100_000L, "Một trăm nghìn đồng")]
    [InlineData(500_000L, "Năm trăm nghìn đồng")]
    [InlineData(1_000_000L, "Một triệu đồng")]
    [InlineData(1_000_005L, "Một triệu không trăm linh năm đồng")]
    [InlineData(1_005_000L, "Một triệu không trăm linh năm nghìn đồng")]
    [InlineData(1_250_000L, "Một triệu hai trăm năm mươi nghìn đồng")]
    [InlineData(20_000_000L, "Hai mươi triệu đồng")]
    [InlineData(50_000_000L, "Năm mươi triệu đồng")]
    [InlineData(100_000_000L, "Một trăm triệu đồng")]
    [InlineData(1_000_000_000L, "Một tỷ đồng")]
    [InlineData(1_000_000_001L, "Một tỷ không trăm linh một đồng")]
    [InlineData(2_500_000_000L, "Hai tỷ năm trăm triệu đồng")]
    [InlineData(1_000_000_000_000L, "Một nghìn tỷ đồng")]
    [InlineData(1_001_000_000_000L, "Một nghìn không trăm linh một tỷ đồng")]
    [InlineData(1_000_000_000_000_000L, "Một triệu tỷ đồng")]
    [InlineData(1_000_005_000_000_000L, "Một triệu không trăm linh năm tỷ đồng")]
    [InlineData(1_000_000_000_000_000_000L, "Một tỷ tỷ đồng")]
    [InlineData(1_000_000_000_000_000_005L, "Một tỷ tỷ không trăm linh năm đồng")]
    [InlineData(1_000_000_001_000_000_000L, "Một tỷ tỷ không trăm linh một tỷ đồng")]
    [InlineData(long.MaxValue,
        "Chín tỷ tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ "
        + "tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng")]
    public void ToWords_WritesAmountByAccountingConventions(long dong, string expected)
    {
        Assert.Equal(expected.Normalize(NormalizationForm.FormC), VietnameseNumberWords.ToWords(dong));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_234_567_890L)]
    [InlineData(long.MaxValue)]
    public void ToWords_OutputIsNfcNormalised(long dong)
    {
        var words = VietnameseNumberWords.ToWords(dong);
        Assert.True(words.IsNormalized(NormalizationForm.FormC));
        Assert.EndsWith(" đồng", words);
        Assert.True(char.IsUpper(words[0]));
    }

    [Fact]
    public void ToWords_UsesPrecomposedCharacters()
    {
        // "đồng" in NFC is 4 code units: đ (U+0111), ồ (U+1ED3), n, g
        Assert.EndsWith("\u0111\u1ED3ng", VietnameseNumberWords.ToWords(1));
    }

    [Fact]
    public void ToWords_WithNegativeAmount_Throws()
    {
        var ex = Assert.Throws<InvalidValueException>(() => VietnameseNumberWords.ToWords(-1));
        Assert.Equal("amount", ex.Field);
    }
}
