using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vouchers.Application.Qr;

namespace Vouchers.Infrastructure.Qr;

public static class VoucherTokensSetup
{
    /// <summary>
    /// <see cref="QrSigningOptions"/> from section <c>QrSigning</c>, the <see cref="QrKeyRing"/> (a singleton, loaded
    /// at first use; a key is generated there when allowed and missing) and <see cref="IVoucherTokens"/>. Checking
    /// <see cref="QrSigningOptions.Problems"/> at start-up is the caller's job (an unusable ring also throws when first resolved).
    /// </summary>
    public static IServiceCollection AddVoucherTokens(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        services.AddOptions<QrSigningOptions>().Bind(config.GetSection(QrSigningOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => QrKeyRing.Load(sp.GetRequiredService<IOptions<QrSigningOptions>>().Value, contentRoot, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<VoucherTokenService>();
        services.AddSingleton<IVoucherTokens>(sp => sp.GetRequiredService<VoucherTokenService>());
        return services;
    }
}
