using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Vouchers.Infrastructure.Qr;

namespace Vouchers.Infrastructure.Tests.Qr;

public class Base45Tests
{
    [Theory]
    [InlineData("AB", "BB8")]
    [InlineData("Hello!!", "%69 VD92EX0")]
    [InlineData("base-45", "UJCLQE7W581")]
    [InlineData("ietf!", "QED8WEX0")]
    [InlineData("", "")]
    public void Rfc9285Vectors_EncodeAndDecode(string ascii, string base45)
    {
        var bytes = Encoding.ASCII.GetBytes(ascii);
        Assert.Equal(base45, Base45.Encode(bytes));
        Assert.Equal(bytes, Base45.Decode(base45));
        Assert.True(Base45.TryDecode(base45, out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData("GGW")]     // 16 + 16·45 + 32·45² = 65536 > 65535 (the RFC's own example)
    [InlineData(":::")]     // 44 + 44·45 + 44·45² = 91124
    [InlineData("::")]      // a last pair of 44 + 44·45 = 2024 > 255
    [InlineData("A")]       // a dangling single character
    [InlineData("BB8A")]    // a dangling character after a triple
    [InlineData("bb8")]     // lower case is not in the alphabet
    [InlineData("BB8\n")]
    [InlineData("BB=")]
    [InlineData("BBÀ")]
    [InlineData("B\u0000")]
    [InlineData("%69 VD92EX0 ")] // a trailing space makes a dangling character
    public void InvalidTexts_AreRefused(string text)
    {
        Assert.False(Base45.TryDecode(text, out var bytes));
        Assert.Empty(bytes);
        Assert.Throws<FormatException>(() => Base45.Decode(text));
    }

    [Fact]
    public void Null_IsRefused() => Assert.False(Base45.TryDecode(null, out _));

    [Fact]
    public void LargestValues_Decode()
    {
        Assert.Equal(new byte[] { 0xFF, 0xFF }, Base45.Decode("FGW"));
        Assert.Equal(new byte[] { 0xFF }, Base45.Decode("U5"));
        Assert.Equal("FGW", Base45.Encode([0xFF, 0xFF]));
    }

    [Fact]
    public void TryDecodeIntoSpan_RefusesASmallDestination()
    {
        Span<byte> two = stackalloc byte[2];
        Assert.False(Base45.TryDecode("%69 VD92EX0", two, out _));
        Span<byte> seven = stackalloc byte[7];
        Assert.True(Base45.TryDecode("%69 VD92EX0", seven, out var written));
        Assert.Equal("Hello!!", Encoding.ASCII.GetString(seven[..written]));
    }

    [Fact]
    public void RandomBytes_RoundTrip_InTheAlphabet_AtTheStatedLength() =>
        Prop.ForAll<byte[]>(bytes =>
        {
            var text = Base45.Encode(bytes);
            return text.Length == Base45.EncodedLength(bytes.Length)
                && Base45.IsAlphabet(text)
                && Base45.TryDecode(text, out var back) && back.AsSpan().SequenceEqual(bytes)
                && Base45.DecodedLength(text.Length) == bytes.Length;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void RandomAlphabetTexts_EitherRefusedOrCanonical() =>
        // Decoding is strict, so a text that decodes is the one encoding of its bytes (no two texts for the same bytes).
        Prop.ForAll(Gen.Elements(Base45.Alphabet.ToCharArray()).ArrayOf().Select(cs => new string(cs)).ToArbitrary(),
                text => !Base45.TryDecode(text, out var bytes) || Base45.Encode(bytes) == text)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void LargeInput_RoundTrips()
    {
        var bytes = new byte[10_001];
        new Random(45).NextBytes(bytes);
        Assert.Equal(bytes, Base45.Decode(Base45.Encode(bytes)));
    }
}
