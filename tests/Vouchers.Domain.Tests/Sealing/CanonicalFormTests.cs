using System.Security.Cryptography;
using System.Text;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Sealing;
using Vouchers.Domain.Tests.Ledger;

namespace Vouchers.Domain.Tests.Sealing;

using Ledger = global::Vouchers.Domain.Ledger.Ledger;

public class CanonicalFormTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));

    private static LedgerTransfer Allocation(string? reference = "46/QĐ-STC", string? reason = null)
    {
        var fund = Guid.Parse("11111111-1111-1111-1111-111111111111");
        var source = LedgerAccount.Open(Guid.Parse("22222222-2222-2222-2222-222222222222"), AccountCode.FundingSource, AccountFlags.None, fund, 2026, null, "s", At);
        var budget = LedgerAccount.Open(Guid.Parse("33333333-3333-3333-3333-333333333333"), AccountCode.FundBudget,
            AccountFlags.DebitsMustNotExceedCredits, fund, 2026, null, "b", At);
        var view = new InMemoryLedger();
        view.Add(source, budget);
        return Ledger.Execute([new TransferRequest(Guid.Parse("44444444-4444-4444-4444-444444444444"), source.Id, budget.Id, Money.Vnd(20_000_000_000),
            TransferKind.Allocation, Reference: reference, Reason: reason)], view, Guid.Parse("55555555-5555-5555-5555-555555555555"), At.AddTicks(1234567))[0];
    }

    [Fact]
    public void ATransfer_HasTheDocumentedCanonicalForm_AndItsHash()
    {
        var text = Encoding.UTF8.GetString(Canonical.Of(Allocation()));
        Assert.Equal("""
            vouchers.ledger-transfer.v1
            id=44444444-4444-4444-4444-444444444444
            debit=22222222-2222-2222-2222-222222222222
            credit=33333333-3333-3333-3333-333333333333
            amount=20000000000
            kind=Allocation
            phase=Single
            pending=null
            correlation=55555555-5555-5555-5555-555555555555
            reference="46/QĐ-STC"
            reason=null
            voucher=null
            provider=null
            timestamp=2026-03-16T02:00:00.123456Z

            """.Replace("\r\n", "\n"), text);
        // what `sha256sum` printed for the text above, written out by hand (docs/ledger-integrity.md shows it too)
        Assert.Equal("cfcf64100a0685bded78cbec2a11c48d6a332c87381ecab856d432b4a2ac6f23", Convert.ToHexStringLower(Canonical.Hash(Canonical.Of(Allocation()))));
    }

    [Fact]
    public void Text_IsQuotedAndEscaped_NotNormalised()
    {
        var nfc = "Đủ điều kiện";
        var nfd = nfc.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(Canonical.Of(Allocation(reason: nfc)), Canonical.Of(Allocation(reason: nfd)));
        var text = Encoding.UTF8.GetString(Canonical.Of(Allocation(reason: "a\"b\\c\nd\u0000e")));
        Assert.Contains("reason=\"a\\\"b\\\\c\\u000ad\\u0000e\"\n", text);
        // an empty reference and no reference are different records
        Assert.NotEqual(Canonical.Of(Allocation(reference: "")), Canonical.Of(Allocation(reference: null)));
    }

    [Fact]
    public void Instants_AreUtc_ToTheMicrosecond_AsPostgreSqlKeepsThem()
    {
        Assert.Equal("2026-03-16T02:00:00.123456Z", Canonical.InstantText(At.AddTicks(1234567)));
        Assert.Equal("2026-03-16T02:00:00.123456Z", Canonical.InstantText(At.AddTicks(1234560).ToOffset(TimeSpan.Zero)));
    }

    [Fact]
    public void TheWriter_GivesTheBytesOfAPlainStringBuiltForm_ForAnyText()
    {
        // the alphabet of what a reason or reference might hold: ASCII, Vietnamese (precomposed and combining), the
        // escaped characters, emoji (surrogate pairs) and lone surrogates (which UTF-8 writes as U+FFFD either way)
        string[] pieces = ["a", "Z", "0", " ", "/", "Đ", "đ", "ủ", "ệ", "\u0301", "\u0323", "\"", "\\", "\n", "\r", "\t", "\u0000", "\u001f", "\u007f", "\u0080",
            "😀", "\ud83d", "\ude00", "€", "ươ"];
        var random = new Random(20261204);
        string? Text() => random.Next(8) == 0 ? null
            : string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
        for (var i = 0; i < 2_000; i++)
        {
            var t = Allocation(Text(), Text());
            var expected = Reference(t);
            Assert.Equal(expected, Canonical.Of(t));
            Assert.Equal(SHA256.HashData(expected), Canonical.HashOf(t));
        }
    }

    /// <summary>The canonical form of a transfer as the format describes it, built the plain way: a string, then UTF-8.</summary>
    private static byte[] Reference(LedgerTransfer t)
    {
        var text = new StringBuilder("vouchers.ledger-transfer.v1\n");
        void Line(string name, string? value) => text.Append(name).Append('=').Append(value ?? "null").Append('\n');
        void Quoted(string name, string? value)
        {
            if (value is null) { Line(name, null); return; }
            text.Append(name).Append("=\"");
            foreach (var c in value)
                text.Append(c switch
                {
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    < ' ' or '\u007f' => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                    _ => c.ToString(),
                });
            text.Append("\"\n");
        }
        Line("id", t.Id.ToString("D"));
        Line("debit", t.DebitAccountId.ToString("D"));
        Line("credit", t.CreditAccountId.ToString("D"));
        Line("amount", t.Amount.Dong.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line("kind", t.Kind.ToString());
        Line("phase", t.Phase.ToString());
        Line("pending", t.PendingId?.ToString("D"));
        Line("correlation", t.CorrelationId.ToString("D"));
        Quoted("reference", t.Reference);
        Quoted("reason", t.Reason);
        Line("voucher", t.VoucherId?.ToString("D"));
        Line("provider", t.ProviderId?.ToString("D"));
        Line("timestamp", Canonical.InstantText(t.Timestamp));
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
