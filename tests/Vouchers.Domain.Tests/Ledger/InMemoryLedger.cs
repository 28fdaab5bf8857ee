using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Tests.Ledger;

using Ledger = global::Vouchers.Domain.Ledger.Ledger;

/// <summary>An in-memory <see cref="ILedgerView"/> plus the store the application would be: the ledger is a pure function, so this is the real thing.</summary>
internal sealed class InMemoryLedger : ILedgerView
{
    public static readonly DateTimeOffset Now = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(7));

    private readonly Dictionary<Guid, LedgerAccount> _accounts = [];
    private readonly Dictionary<Guid, LedgerTransfer> _transfers = [];
    private readonly Dictionary<Guid, LedgerTransfer> _resolutions = [];
    private readonly List<LedgerTransfer> _log = [];

    public IReadOnlyCollection<LedgerAccount> Accounts => _accounts.Values;
    public IReadOnlyList<LedgerTransfer> Log => _log;

    public LedgerAccount? FindAccount(Guid id) => _accounts.GetValueOrDefault(id);
    public LedgerTransfer? FindTransfer(Guid id) => _transfers.GetValueOrDefault(id);
    public LedgerTransfer? FindResolutionOf(Guid pendingTransferId) => _resolutions.GetValueOrDefault(pendingTransferId);

    /// <summary>Adds accounts opened elsewhere (by a fund or a program).</summary>
    public void Add(params LedgerAccount[] accounts)
    {
        foreach (var a in accounts) _accounts.Add(a.Id, a);
    }

    public LedgerAccount Open(AccountCode code, Guid fundId, Guid? programId = null, AccountFlags? flags = null)
    {
        var account = LedgerAccount.Open(Guid.NewGuid(), code, flags ?? code.DefaultFlags(), fundId, 2026, programId, code.ToString(), Now);
        _accounts.Add(account.Id, account);
        return account;
    }

    /// <summary>Executes a linked batch and, like the application's transaction, stores what it created.</summary>
    public IReadOnlyList<LedgerTransfer> Execute(params TransferRequest[] batch)
    {
        var created = Ledger.Execute(batch, this, Guid.NewGuid(), Now.AddMinutes(_log.Count));
        foreach (var t in created)
        {
            _transfers.Add(t.Id, t);
            if (t.PendingId is { } pendingId) _resolutions.Add(pendingId, t);
            _log.Add(t);
        }
        return created;
    }

    /// <summary>Every account's balances and version, to prove a refusal changed nothing.</summary>
    public IReadOnlyList<(Guid, long, long, long, long, long)> Snapshot() =>
        [.. _accounts.Values.Select(a => (a.Id, a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted, a.Version))];
}

/// <summary>One fund (source + budget) and one program (budget, payable, disbursed), with request builders.</summary>
internal sealed class LedgerGraph
{
    public InMemoryLedger Ledger { get; } = new();
    public Guid FundId { get; } = Guid.NewGuid();
    public LedgerAccount Source { get; }
    public LedgerAccount FundBudget { get; }
    public ProgramAccounts Program { get; }

    public LedgerGraph()
    {
        Source = Ledger.Open(AccountCode.FundingSource, FundId);
        FundBudget = Ledger.Open(AccountCode.FundBudget, FundId);
        Program = AddProgram();
    }

    public ProgramAccounts AddProgram()
    {
        var programId = Guid.NewGuid();
        return new(Ledger.Open(AccountCode.ProgramBudget, FundId, programId),
            Ledger.Open(AccountCode.ProgramPayable, FundId, programId),
            Ledger.Open(AccountCode.ProgramDisbursed, FundId, programId));
    }

    public static Money Vnd(long dong) => Money.Vnd(dong);

    public TransferRequest Allocate(long dong) =>
        new(Guid.NewGuid(), Source.Id, FundBudget.Id, Vnd(dong), TransferKind.Allocation, Reference: "QĐ-123/STC");
    public TransferRequest Envelope(long dong, ProgramAccounts? p = null) =>
        new(Guid.NewGuid(), FundBudget.Id, (p ?? Program).Budget.Id, Vnd(dong), TransferKind.EnvelopeApproval);
    public TransferRequest Commit(long dong, ProgramAccounts? p = null) =>
        new(Guid.NewGuid(), (p ?? Program).Budget.Id, (p ?? Program).Payable.Id, Vnd(dong), TransferKind.Commitment,
            TransferPhase.Pending, VoucherId: Guid.NewGuid());
    public static TransferRequest Post(Guid pendingId, long dong) =>
        new(Guid.NewGuid(), Guid.Empty, Guid.Empty, Vnd(dong), TransferKind.Settlement, TransferPhase.PostPending, pendingId);
    public static TransferRequest Void(Guid pendingId, long dong = 0) =>
        new(Guid.NewGuid(), Guid.Empty, Guid.Empty, Vnd(dong), TransferKind.Release, TransferPhase.VoidPending, pendingId);
    public TransferRequest Disburse(long dong, ProgramAccounts? p = null) =>
        new(Guid.NewGuid(), (p ?? Program).Payable.Id, (p ?? Program).Disbursed.Id, Vnd(dong), TransferKind.Disbursement, ProviderId: Guid.NewGuid());
    public TransferRequest Clawback(long dong, ProgramAccounts? p = null) =>
        new(Guid.NewGuid(), (p ?? Program).Disbursed.Id, (p ?? Program).Budget.Id, Vnd(dong), TransferKind.Clawback, Reason: "thu hồi");
    public static TransferRequest Reverse(LedgerTransfer t, string reason = "wrong amount") =>
        new(Guid.NewGuid(), t.CreditAccountId, t.DebitAccountId, t.Amount, TransferKind.Correction, Reason: reason);

    /// <summary>Funds the program: allocation and envelope of <paramref name="dong"/>.</summary>
    public void Fund(long dong)
    {
        Ledger.Execute(Allocate(dong));
        Ledger.Execute(Envelope(dong));
    }
}

internal sealed record ProgramAccounts(LedgerAccount Budget, LedgerAccount Payable, LedgerAccount Disbursed);
