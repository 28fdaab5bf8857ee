using Vouchers.Domain.Common;

namespace Vouchers.Domain.Ledger;

/// <summary>
/// A ledger account with TigerBeetle-style balances (in đồng). Balances change only through
/// <see cref="Ledger.Execute"/>; every change increments <see cref="Version"/> (the optimistic-concurrency token).
/// </summary>
public sealed class LedgerAccount
{
    private LedgerAccount() => Name = string.Empty; // EF Core

    public Guid Id { get; private set; }
    public AccountCode Code { get; private set; }
    public AccountFlags Flags { get; private set; }
    public Guid FundId { get; private set; }
    public int FiscalYear { get; private set; }
    /// <summary>Set for program accounts, null for fund accounts.</summary>
    public Guid? ProgramId { get; private set; }
    public string Name { get; private set; }
    public long DebitsPending { get; private set; }
    public long DebitsPosted { get; private set; }
    public long CreditsPending { get; private set; }
    public long CreditsPosted { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>For a DebitsMustNotExceedCredits account: what may still be debited (credits posted − debits posted − debits pending), never below zero.</summary>
    public Money AvailableDebitCapacity => Capacity(CreditsPosted, DebitsPosted, DebitsPending);

    public static LedgerAccount Open(Guid id, AccountCode code, AccountFlags flags, Guid fundId, int fiscalYear,
        Guid? programId, string name, DateTimeOffset now)
    {
        if (id == Guid.Empty) throw new InvalidValueException(nameof(id), "must not be empty");
        if (!Enum.IsDefined(code)) throw new InvalidValueException(nameof(code), $"'{code}' is not an account code");
        if ((flags & ~(AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits)) != 0)
            throw new InvalidValueException(nameof(flags), $"'{flags}' contains unknown flags");
        if (flags == (AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits))
            throw new InvalidValueException(nameof(flags), "the two balance constraints are mutually exclusive");
        if (fundId == Guid.Empty) throw new InvalidValueException(nameof(fundId), "must not be empty");
        FiscalYears.Validate(fiscalYear);
        if (code.IsProgramAccount() && (programId is null || programId == Guid.Empty))
            throw new InvalidValueException(nameof(programId), $"a {code} account belongs to a program");
        if (!code.IsProgramAccount() && programId is not null)
            throw new InvalidValueException(nameof(programId), $"a {code} account belongs to a fund, not a program");
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidValueException(nameof(name), "must not be empty");

        return new LedgerAccount
        {
            Id = id, Code = code, Flags = flags, FundId = fundId, FiscalYear = fiscalYear,
            ProgramId = programId, Name = name.Trim(), CreatedAt = now,
        };
    }

    internal Balances Balances => new(DebitsPending, DebitsPosted, CreditsPending, CreditsPosted);

    internal void Apply(Balances b)
    {
        (DebitsPending, DebitsPosted, CreditsPending, CreditsPosted) = b;
        Version++;
    }

    private static Money Capacity(long limit, long posted, long pending) =>
        Money.Vnd((long)Int128.Max(0, (Int128)limit - posted - pending));
}

/// <summary>The four balances of an account, as a value (used on the ledger's scratch copy and by replay).</summary>
internal readonly record struct Balances(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
{
    /// <summary>
    /// The one place where a transfer changes balances (used by the ledger and by its replay). Single: posted +amount;
    /// Pending: pending +amount; PostPending: the whole pending amount (<paramref name="released"/>) leaves pending and
    /// <paramref name="amount"/> is posted; VoidPending: the pending amount leaves pending. Throws OverflowException.
    /// </summary>
    public static (Balances Debit, Balances Credit) Move(Balances d, Balances c, TransferPhase phase, long amount, long released)
    {
        checked
        {
            return phase switch
            {
                TransferPhase.Single => (d with { DebitsPosted = d.DebitsPosted + amount }, c with { CreditsPosted = c.CreditsPosted + amount }),
                TransferPhase.Pending => (d with { DebitsPending = d.DebitsPending + amount }, c with { CreditsPending = c.CreditsPending + amount }),
                TransferPhase.PostPending => (
                    d with { DebitsPending = d.DebitsPending - released, DebitsPosted = d.DebitsPosted + amount },
                    c with { CreditsPending = c.CreditsPending - released, CreditsPosted = c.CreditsPosted + amount }),
                _ => (d with { DebitsPending = d.DebitsPending - released }, c with { CreditsPending = c.CreditsPending - released }),
            };
        }
    }
}
