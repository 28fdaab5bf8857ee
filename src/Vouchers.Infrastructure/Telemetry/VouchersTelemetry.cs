using System.Diagnostics;
using System.Diagnostics.Metrics;
using MediatR;
using Vouchers.Application.Funds;
using Vouchers.Application.Vouchers;

namespace Vouchers.Infrastructure.Telemetry;

/// <summary>The service's own trace source and business metrics (counts, and amounts in VND).</summary>
public static class VouchersTelemetry
{
    public const string Name = "Vouchers";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Applications = Meter.CreateCounter<long>("vouchers.applications", description: "Applications submitted");
    public static readonly Counter<long> Approvals = Meter.CreateCounter<long>("vouchers.approvals", description: "Vouchers approved and issued");
    public static readonly Counter<long> CommittedVnd = Meter.CreateCounter<long>("vouchers.committed", unit: "VND", description: "Budget committed by approvals");
    public static readonly Counter<long> Redemptions = Meter.CreateCounter<long>("vouchers.redemptions", description: "Vouchers redeemed at a provider");
    public static readonly Counter<long> Settlements = Meter.CreateCounter<long>("vouchers.settlements", description: "Vouchers settled");
    public static readonly Counter<long> SettledVnd = Meter.CreateCounter<long>("vouchers.settled", unit: "VND", description: "Amount posted to providers");
    public static readonly Counter<long> AllocatedVnd = Meter.CreateCounter<long>("vouchers.allocated", unit: "VND", description: "Budget allocated to funds");
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>("vouchers.commands.refused", description: "Commands refused by a rule");
}

/// <summary>A span per command or query, and the business metrics of the ones that succeed.</summary>
public sealed class TelemetryBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken ct, RequestHandlerDelegate<TResponse> next)
    {
        using var activity = VouchersTelemetry.Source.StartActivity(typeof(TRequest).Name);
        try
        {
            var response = await next();
            Record(request, response);
            return response;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            if (ex is Domain.Common.DomainException de)
                VouchersTelemetry.Refusals.Add(1, new KeyValuePair<string, object?>("command", typeof(TRequest).Name), new("code", de.Code));
            throw;
        }
    }

    private static void Record(TRequest request, TResponse response)
    {
        switch (request, response)
        {
            case (ApplyForVoucher, VoucherView): VouchersTelemetry.Applications.Add(1); break;
            case (ApproveVoucher, VoucherView { FaceValue: { } face }): // the first of two approvals issues and commits nothing: not counted
                VouchersTelemetry.Approvals.Add(1);
                VouchersTelemetry.CommittedVnd.Add(face);
                break;
            case (RedeemVoucher, VoucherView): VouchersTelemetry.Redemptions.Add(1); break;
            case (SettleVoucher, VoucherView v):
                VouchersTelemetry.Settlements.Add(1);
                VouchersTelemetry.SettledVnd.Add(v.AcceptedAmount ?? 0);
                break;
            case (AllocateBudget, BudgetAllocationView a): VouchersTelemetry.AllocatedVnd.Add(a.Amount); break;
        }
    }
}
