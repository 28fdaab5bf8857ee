namespace Vouchers.Infrastructure.Qr;

/// <summary>
/// Base45 (RFC 9285): bytes as text made only of the 45 characters of a QR code's alphanumeric mode
/// (<c>0-9 A-Z</c>, space and <c>$%*+-./:</c>), so a QR code stores them at 5.5 bits a character instead of 8.
/// </summary>
/// <remarks>
/// Each pair of bytes <c>[a, b]</c> is the number <c>n = a·256 + b</c>, written as three characters
/// <c>c d e</c> with <c>n = c + d·45 + e·45²</c> (least significant first); a last single byte is written as two
/// characters <c>c d</c>. Decoding is strict, so that every byte string has exactly one text: a character
/// outside the alphabet (lower case too), a dangling single character, a triple above 65535 or a pair above 255 is
/// refused. No trimming: the space is one of the 45 characters.
/// </remarks>
public static class Base45
{
    /// <summary>The alphabet, in value order (value 0 is '0', 44 is ':').</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private static readonly sbyte[] Values = BuildValues();

    /// <summary>The Base45 text of the bytes.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return "";
        var length = EncodedLength(bytes.Length);
        // string.Create cannot capture a span; encode into a buffer on the stack (or the heap when large).
        Span<char> text = length <= 512 ? stackalloc char[length] : new char[length];
        var at = 0;
        var i = 0;
        for (; i + 1 < bytes.Length; i += 2)
        {
            var n = bytes[i] * 256 + bytes[i + 1];
            text[at++] = Alphabet[n % 45];
            text[at++] = Alphabet[n / 45 % 45];
            text[at++] = Alphabet[n / (45 * 45)];
        }
        if (i < bytes.Length)
        {
            int n = bytes[i];
            text[at++] = Alphabet[n % 45];
            text[at++] = Alphabet[n / 45];
        }
        return new string(text);
    }

    /// <summary>How many characters <paramref name="byteCount"/> bytes take: 3 per pair, 2 for a last single byte.</summary>
    public static int EncodedLength(int byteCount) => byteCount / 2 * 3 + byteCount % 2 * 2;

    /// <summary>How many bytes a text of <paramref name="charCount"/> characters holds, or -1 when no Base45 text has that length.</summary>
    public static int DecodedLength(int charCount) => charCount % 3 == 1 || charCount < 0 ? -1 : charCount / 3 * 2 + charCount % 3 / 2;

    /// <summary>The bytes of a Base45 text; <see cref="FormatException"/> when it is not one.</summary>
    public static byte[] Decode(string text) =>
        TryDecode(text, out var bytes) ? bytes : throw new FormatException("Not a Base45 (RFC 9285) text.");

    /// <summary>The bytes of a Base45 text; false (and no bytes) when it is not one. Null is not a text.</summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null) return false;
        var length = DecodedLength(text.Length);
        if (length < 0) return false;
        var buffer = new byte[length];
        if (!TryDecode(text, buffer, out _)) return false;
        bytes = buffer;
        return true;
    }

    /// <summary>
    /// Decodes into <paramref name="destination"/> without allocating; false when the text is not Base45 or the
    /// destination is too small (then the destination's content is unspecified).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = DecodedLength(text.Length);
        if (length < 0 || length > destination.Length) return false;
        var at = 0;
        var i = 0;
        for (; i + 2 < text.Length; i += 3)
        {
            int c = Value(text[i]), d = Value(text[i + 1]), e = Value(text[i + 2]);
            if ((c | d | e) < 0) return false;
            var n = c + d * 45 + e * 45 * 45;
            if (n > 0xFFFF) return false;
            destination[at++] = (byte)(n >> 8);
            destination[at++] = (byte)n;
        }
        if (i < text.Length) // exactly two left: DecodedLength refused one
        {
            int c = Value(text[i]), d = Value(text[i + 1]);
            if ((c | d) < 0) return false;
            var n = c + d * 45;
            if (n > 0xFF) return false;
            destination[at++] = (byte)n;
        }
        bytesWritten = at;
        return true;
    }

    /// <summary>True when every character is one of the 45 (the QR alphanumeric set).</summary>
    public static bool IsAlphabet(ReadOnlySpan<char> text)
    {
        foreach (var ch in text)
            if (Value(ch) < 0) return false;
        return true;
    }

    private static int Value(char ch) => ch < Values.Length ? Values[ch] : -1;

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var v = 0; v < Alphabet.Length; v++) values[Alphabet[v]] = (sbyte)v;
        return values;
    }
}
