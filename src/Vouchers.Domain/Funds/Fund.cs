using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Funds;

/// <summary>
/// A provincial fund (science &amp; technology, SME development, AI). Its money lives in the ledger: per fiscal
/// year a FundingSource account (the appropriation, debited by every budget decision) and a FundBudget account
/// (what programs may draw). The fund itself holds no balance that could drift from the ledger.
/// </summary>
public sealed class Fund
{
    public Guid Id { get; private set; }
    public string ProvinceCode { get; private set; } = "";
    public FundKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public bool IsDemo { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private Fund() { }

    public static Fund Create(string provinceCode, FundKind kind, string? name, DateTimeOffset now, bool isDemo = false)
    {
        if (!Enum.IsDefined(kind)) throw new InvalidValueException("kind", "is not a known fund kind.");
        var province = Province.FromCode(provinceCode);
        return new Fund
        {
            Id = Guid.CreateVersion7(now),
            ProvinceCode = province.Code,
            Kind = kind,
            Name = Text.Optional(name, "name", Text.NameMax) ?? $"{Labels.Vi(kind)} {province.Name}",
            CreatedAt = now,
            IsDemo = isDemo,
        };
    }

    /// <summary>Opens the two accounts a fund needs for a fiscal year.</summary>
    public (LedgerAccount Source, LedgerAccount Budget) OpenFiscalYear(int fiscalYear, DateTimeOffset now)
    {
        FiscalYears.Validate(fiscalYear);
        return (
            LedgerAccount.Open(Guid.CreateVersion7(now), AccountCode.FundingSource, AccountCode.FundingSource.DefaultFlags(), Id, fiscalYear, null,
                $"{Name} — nguồn {fiscalYear}", now),
            LedgerAccount.Open(Guid.CreateVersion7(now), AccountCode.FundBudget, AccountCode.FundBudget.DefaultFlags(), Id, fiscalYear, null,
                $"{Name} — ngân sách {fiscalYear}", now));
    }

    /// <summary>
    /// Records a finance decision allocating budget to this fund for a fiscal year, and the ledger transfer that
    /// carries it (FundingSource → FundBudget).
    /// </summary>
    public (BudgetAllocation Allocation, TransferRequest Transfer) AllocateBudget(
        int fiscalYear, Money amount, string decisionNumber, DateOnly decisionDate,
        LedgerAccount source, LedgerAccount budget, Actor actor, DateTimeOffset now)
    {
        FiscalYears.Validate(fiscalYear);
        if (amount == Money.Zero) throw new InvalidValueException("amount", "must be greater than zero.", "phải lớn hơn 0.");
        if (source.FundId != Id || source.Code != AccountCode.FundingSource || source.FiscalYear != fiscalYear ||
            budget.FundId != Id || budget.Code != AccountCode.FundBudget || budget.FiscalYear != fiscalYear)
            throw new InvalidOperationException("Accounts do not belong to this fund and fiscal year.");

        var number = Text.Required(decisionNumber, "decisionNumber", Text.ReferenceMax);
        var allocation = new BudgetAllocation(Guid.CreateVersion7(now), Id, fiscalYear, amount, number, decisionDate,
            Guid.CreateVersion7(now), actor.Subject, now);
        var transfer = new TransferRequest(allocation.TransferId, source.Id, budget.Id, amount, TransferKind.Allocation,
            Reference: number, Reason: $"Quyết định {number} ngày {decisionDate:dd/MM/yyyy}");
        return (allocation, transfer);
    }
}

/// <summary>A finance department decision (số quyết định, ngày) that put money into a fund for a fiscal year.</summary>
public sealed class BudgetAllocation
{
    public Guid Id { get; private set; }
    public Guid FundId { get; private set; }
    public int FiscalYear { get; private set; }
    public Money Amount { get; private set; }
    public string DecisionNumber { get; private set; } = "";
    public DateOnly DecisionDate { get; private set; }
    public Guid TransferId { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private BudgetAllocation() { }

    /// <summary>A decision exactly as a database row holds it, for the verifier's own reader (never saved).</summary>
    public static BudgetAllocation Stored(Guid id, Guid fundId, int fiscalYear, Money amount, string decisionNumber, DateOnly decisionDate,
        Guid transferId, string recordedBy, DateTimeOffset recordedAt) =>
        new(id, fundId, fiscalYear, amount, decisionNumber, decisionDate, transferId, recordedBy, recordedAt);

    internal BudgetAllocation(Guid id, Guid fundId, int fiscalYear, Money amount, string decisionNumber, DateOnly decisionDate,
        Guid transferId, string recordedBy, DateTimeOffset recordedAt)
    {
        Id = id; FundId = fundId; FiscalYear = fiscalYear; Amount = amount; DecisionNumber = decisionNumber;
        DecisionDate = decisionDate; TransferId = transferId; RecordedBy = recordedBy; RecordedAt = recordedAt;
    }
}

