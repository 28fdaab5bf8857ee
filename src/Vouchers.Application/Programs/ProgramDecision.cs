using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;

namespace Vouchers.Application.Programs;

/// <summary>A finance decision on a program (its envelope approved or amended, the program closed): its number and date.</summary>
public interface IProgramDecision
{
    string DecisionNumber { get; }
    DateOnly DecisionDate { get; }
}

public static class ProgramDecisionRules
{
    /// <summary>The decision's number (required, a reference) and date (a supported date), as every program decision takes them.</summary>
    public static void AddDecisionRules<T>(this AbstractValidator<T> validator) where T : IProgramDecision
    {
        validator.RuleFor(c => c.DecisionNumber).NotEmpty().MaximumLength(Text.ReferenceMax);
        validator.RuleFor(c => c.DecisionDate).SupportedDate();
    }
}
