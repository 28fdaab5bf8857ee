using Vouchers.Domain.Common;

namespace Vouchers.Api.Tests;

/// <summary>Past its validity date, a voucher's QR is neither shown nor reissued, even before the expiry job has run.</summary>
public class QrPastValidityTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TheDayAfterItsValidity_TheQrIsNotShown_NorReissued()
    {
        var s = new Scenario(_factory);
        var id = await s.Issued(2_000_000);
        var qr = await s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/qr").Ok();
        var validUntil = DateOnly.Parse(qr["validUntil"]!.GetValue<string>());
        var today = VietnamTime.Today(_factory.Clock.GetUtcNow());
        _factory.Clock.Advance(TimeSpan.FromDays(validUntil.DayNumber - today.DayNumber + 1));

        foreach (var path in new[] { "qr", "qr.png", "qr.svg", "card" })
            Assert.Equal("voucher.qr-not-current", (await s.SmeOf(id).GetAsync($"/api/sme/vouchers/{id}/{path}").Problem(409))["code"]!.GetValue<string>());
        var reissue = await s.SmeOf(id).Post($"/api/sme/vouchers/{id}/qr/reissue").Problem(422);
        Assert.Equal("voucher.qr-not-reissuable", reissue["code"]!.GetValue<string>());
    }
}
