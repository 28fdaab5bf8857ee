namespace Vouchers.Domain.Common;

/// <summary>
/// One business rule, as a small type named for what must hold (kgrzybek's modular monolith, <c>Domain/*/Rules</c>): it
/// says whether it is broken and, when it is, the error it reports, whose code is the rule's.
/// </summary>
public interface IBusinessRule
{
    bool IsBroken();

    /// <summary>The error to throw when <see cref="IsBroken"/>: the rule's code and a message for people.</summary>
    DomainException Error();
}

public static class BusinessRules
{
    /// <summary>Checks <paramref name="rules"/> in order and throws the first broken one's error.</summary>
    public static void Check(params ReadOnlySpan<IBusinessRule> rules)
    {
        if (FirstBroken(rules) is { } error) throw error;
    }

    /// <summary>The first broken rule's error, in order, or null when every rule holds (rules after a broken one are not asked).</summary>
    public static DomainException? FirstBroken(params ReadOnlySpan<IBusinessRule> rules)
    {
        foreach (var rule in rules)
            if (rule.IsBroken()) return rule.Error();
        return null;
    }
}
