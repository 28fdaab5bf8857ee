using Vouchers.Domain.Common;

namespace Vouchers.Domain.Vouchers.Rules;

/// <summary>A contract value is more than zero and at most <see cref="Voucher.MaxContractValue"/>: anything else is a mistake or an attack.</summary>
public sealed class ContractValueIsPlausible(Money contractValue) : IBusinessRule
{
    private (string En, string Vi)? Reason =>
        contractValue == Money.Zero ? ("must be greater than zero.", "phải lớn hơn 0.")
        : contractValue > Voucher.MaxContractValue ? ($"must be at most {Voucher.MaxContractValue}.", $"không được vượt quá {Voucher.MaxContractValue}.")
        : null;

    public bool IsBroken() => Reason is not null;

    public DomainException Error() => new InvalidValueException("contractValue", Reason!.Value.En, Reason!.Value.Vi);
}
