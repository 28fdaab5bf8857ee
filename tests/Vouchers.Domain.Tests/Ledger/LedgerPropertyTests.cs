using FsCheck;
using FsCheck.Fluent;
using Vouchers.Domain.Ledger;

namespace Vouchers.Domain.Tests.Ledger;

using static LedgerGraph;

/// <summary>Random sequences of operations over two programs of one fund keep the ledger's guarantees.</summary>
public class LedgerPropertyTests
{
    private enum OpKind { Allocate, Envelope, Commit, Post, Void, Disburse, Clawback, LinkedEnvelopeCommitPost, Reverse }

    private sealed record Op(OpKind Kind, int Program, long Amount, int Pick);

    private static readonly Gen<long> Amounts = Gen.Frequency(
        (12, Gen.Choose(1, 1_000).Select(i => (long)i)),
        (1, Gen.Constant(0L)),
        (1, Gen.Choose(1, 3).Select(i => long.MaxValue / i)));

    private static readonly Gen<Op> Ops =
        from kind in Gen.Elements(Enum.GetValues<OpKind>())
        from program in Gen.Choose(0, 1)
        from amount in Amounts
        from pick in Gen.Choose(0, 1_000)
        select new Op(kind, program, amount, pick);

    private int _accepted, _refused, _resolved;

    [Fact]
    public void RandomOperations_KeepTheLedgerBalancedConstrainedAndReplayable()
    {
        var property = Prop.ForAll(Gen.ListOf(Ops).Select(ops => ops.ToArray()).ToArbitrary(), Run);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);

        Assert.True(_accepted > 1_000 && _refused > 100 && _resolved > 100, $"accepted {_accepted}, refused {_refused}, resolved {_resolved}");
    }

    private bool Run(Op[] ops)
    {
        var g = new LedgerGraph();
        ProgramAccounts[] programs = [g.Program, g.AddProgram()];
        var pendings = new List<TransferRequest>();

        foreach (var op in ops)
        {
            var batch = Batch(g, programs[op.Program], op, pendings);
            var before = g.Ledger.Snapshot();
            var logBefore = g.Ledger.Log.Count;
            try
            {
                g.Ledger.Execute(batch);
                _accepted++;
                pendings.AddRange(batch.Where(r => r.Phase == TransferPhase.Pending));
                _resolved += batch.Count(r => r.PendingId is not null);
            }
            catch (LedgerException)
            {
                _refused++;
                // (d) a refused batch changes nothing
                Assert.Equal(before, g.Ledger.Snapshot());
                Assert.Equal(logBefore, g.Ledger.Log.Count);
            }

            // (a) double entry
            Assert.True(LedgerReplay.IsBalanced(g.Ledger.Accounts));
            // (b) constraints hold
            Assert.All(g.Ledger.Accounts.Where(a => a.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits)),
                a => Assert.True((Int128)a.DebitsPending + a.DebitsPosted <= a.CreditsPosted, a.Name));
        }

        // (c) the log alone reproduces the stored balances
        var replayed = LedgerReplay.Replay(g.Ledger.Log);
        Assert.All(g.Ledger.Accounts, a => Assert.Equal(
            replayed.GetValueOrDefault(a.Id), (a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted)));
        return true;
    }

    private static long OneMore(long dong) => dong == long.MaxValue ? dong : dong + 1;

    private static TransferRequest[] Batch(LedgerGraph g, ProgramAccounts p, Op op, List<TransferRequest> pendings)
    {
        var pending = pendings.Count == 0 ? g.Commit(1, p) : pendings[op.Pick % pendings.Count];
        // mostly a valid part of the pending amount, sometimes more than it (refused)
        var partial = op.Pick % 10 == 0 ? OneMore(pending.Amount.Dong) : 1 + op.Amount % pending.Amount.Dong;
        var log = g.Ledger.Log;
        switch (op.Kind)
        {
            case OpKind.Allocate: return [g.Allocate(op.Amount)];
            case OpKind.Envelope: return [g.Envelope(op.Amount, p)];
            case OpKind.Commit: return [g.Commit(op.Amount, p)];
            case OpKind.Post: return [Post(pending.Id, partial)];
            case OpKind.Void: return [Void(pending.Id, op.Pick % 2 == 0 ? 0 : pending.Amount.Dong)];
            case OpKind.Disburse: return [g.Disburse(op.Amount, p)];
            case OpKind.Clawback: return [g.Clawback(op.Amount, p)];
            case OpKind.LinkedEnvelopeCommitPost:
                var commit = g.Commit(op.Amount, p);
                return [g.Envelope(op.Amount, p), commit, Post(commit.Id, op.Pick % 7 == 0 ? OneMore(op.Amount) : op.Amount)];
            default:
                var singles = log.Where(t => t.Phase == TransferPhase.Single).ToList();
                return singles.Count == 0 ? [g.Allocate(op.Amount)] : [Reverse(singles[op.Pick % singles.Count])];
        }
    }
}
