using System.Buffers.Text;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Sealing;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Integrity;

/// <summary>
/// A checkpoint as it is published and as an auditor sends it back: hash in lowercase hex, signature (ES256, IEEE
/// P1363) in base64url, <c>at</c> in UTC. <see cref="ChainCheckpoint.SignedBytes"/> says what the signature covers.
/// </summary>
public sealed record CheckpointView(long Number, long Height, string Hash, DateTimeOffset At, string Kid, string Signature)
{
    public static CheckpointView From(ChainCheckpoint c) =>
        new(c.Number, c.Height, Convert.ToHexStringLower(c.Hash), c.At.ToUniversalTime(), c.KeyId, Base64Url.EncodeToString(c.Signature));

    /// <summary>Back to the domain's checkpoint; a field that does not decode becomes empty, so the signature check fails on it.</summary>
    public ChainCheckpoint ToCheckpoint()
    {
        byte[] hash;
        try { hash = Convert.FromHexString(Hash ?? ""); } catch (FormatException) { hash = []; }
        byte[] signature;
        try { signature = Base64Url.DecodeFromChars(Signature ?? ""); } catch (FormatException) { signature = []; }
        return ChainCheckpoint.Stored(Number, Height, hash, At, Kid ?? "", signature);
    }
}

/// <summary>The published checkpoints, oldest first (public: anyone may keep a copy to hold the ledger to later).</summary>
public sealed record ListCheckpoints(int Page = 1, int PageSize = 100) : IQuery<Page<CheckpointView>>, IPagedQuery;

public sealed class ListCheckpointsValidator : AbstractValidator<ListCheckpoints>
{
    public ListCheckpointsValidator() => this.AddPagingRules();
}

public sealed class ListCheckpointsHandler(IVouchersDb db) : IRequestHandler<ListCheckpoints, Page<CheckpointView>>
{
    public Task<Page<CheckpointView>> Handle(ListCheckpoints q, CancellationToken ct) =>
        db.ChainCheckpoints.AsNoTracking().OrderBy(c => c.Number).ToPageAsync(q, CheckpointView.From, ct);
}

/// <summary>
/// Signs the chain's head as the next checkpoint (the checkpoint job does this on a schedule; an administrator can
/// ask for one, e.g. before a report is published). When the chain has not grown since the last checkpoint, nothing
/// is made and the last one is returned. The links since the last checkpoint are verified first: a chain broken or
/// rewritten since then is refused (409 <c>ledger.chain-broken</c>, naming the first problem), never signed.
/// </summary>
public sealed record MakeCheckpoint : ICommand<CheckpointMade>;

public sealed record CheckpointMade(bool Created, CheckpointView? Checkpoint);

public sealed class MakeCheckpointHandler(IVouchersDb db, ICheckpointKeys keys, LedgerVerifier verifier, TimeProvider clock)
    : IRequestHandler<MakeCheckpoint, CheckpointMade>
{
    public async Task<CheckpointMade> Handle(MakeCheckpoint request, CancellationToken ct)
    {
        var last = await db.ChainCheckpoints.AsNoTracking().OrderByDescending(c => c.Number).FirstOrDefaultAsync(ct);
        if (last is not null && !keys.Verify(last))
            throw new ConflictException("ledger.chain-broken", $"The last stored checkpoint ({last.Number}) is not signed by a checkpoint key: nothing is signed after it.");
        var since = await verifier.SinceLastCheckpointAsync(last, ct);
        if (since.HeadHeight is not { } height) // nothing sealed since
            return new CheckpointMade(false, last is null ? null : CheckpointView.From(last));
        if (!since.Ok)
            throw new ConflictException("ledger.chain-broken",
                $"The seal chain since checkpoint {last?.Number.ToString() ?? "(none)"} does not verify, so its head is not signed: {since.First!.Message}");
        var head = await db.ChainLinks.AsNoTracking().SingleAsync(l => l.Height == height, ct); // the head that was verified
        var checkpoint = ChainCheckpoint.Make(last, head, clock.GetUtcNow(), keys.SigningKeyId, keys.Sign);
        db.ChainCheckpoints.Add(checkpoint);
        return new CheckpointMade(true, CheckpointView.From(checkpoint));
    }
}

/// <summary>
/// Verifies the ledger (<see cref="LedgerVerifier"/>) against the stored checkpoints and, when given, checkpoints an
/// auditor kept from publication: a history rewritten after one of them was published contradicts it even when the
/// stored checkpoints were rewritten too (they cannot be re-signed without the key).
/// </summary>
public sealed record VerifyLedger(IReadOnlyList<CheckpointView>? PublishedCheckpoints = null) : IQuery<LedgerVerification>;

public sealed class VerifyLedgerValidator : AbstractValidator<VerifyLedger>
{
    public const int MaxPublished = 10_000;

    public VerifyLedgerValidator()
    {
        RuleFor(q => q.PublishedCheckpoints!.Count).LessThanOrEqualTo(MaxPublished).OverridePropertyName("publishedCheckpoints")
            .When(q => q.PublishedCheckpoints is not null);
        RuleForEach(q => q.PublishedCheckpoints).NotNull().WithMessage("'publishedCheckpoints' must not contain null.").WithErrorCode(ValidationCodes.NoNullItems).When(q => q.PublishedCheckpoints is not null);
        RuleForEach(q => q.PublishedCheckpoints).ChildRules(c =>
        {
            c.RuleFor(x => x).NotNull();
            c.RuleFor(x => x.Number).GreaterThan(0);
            c.RuleFor(x => x.Height).GreaterThan(0);
            c.RuleFor(x => x.Hash).NotEmpty().Length(64).Matches("^[0-9a-f]{64}$").WithMessage("must be 64 lowercase hex digits (SHA-256).").WithErrorCode(ValidationCodes.Sha256Hex);
            c.RuleFor(x => x.Kid).NotEmpty().Length(16).Matches("^[0-9a-f]{16}$").WithMessage("must be 16 lowercase hex digits.").WithErrorCode(ValidationCodes.KeyIdHex);
            c.RuleFor(x => x.Signature).NotEmpty().Length(86).Matches("^[A-Za-z0-9_-]{86}$").WithMessage("must be 64 bytes in base64url (86 characters).").WithErrorCode(ValidationCodes.SignatureBase64Url);
        }).When(q => q.PublishedCheckpoints is not null);
    }
}

public sealed class VerifyLedgerHandler(LedgerVerifier verifier, VerificationGate gate) : IRequestHandler<VerifyLedger, LedgerVerification>
{
    public async Task<LedgerVerification> Handle(VerifyLedger q, CancellationToken ct)
    {
        if (!gate.TryEnter())
            throw new ConflictException("ledger.verification-running", "A verification of the ledger is already running here; ask again when it has finished.");
        try { return await verifier.VerifyAsync((q.PublishedCheckpoints ?? []).Select(c => c.ToCheckpoint()).ToList(), "published", ct); }
        finally { gate.Exit(); }
    }
}

/// <summary>
/// One whole-ledger verification at a time per service instance: a run reads every record (about 30 s a million), so
/// a client cannot start a second, or a hundred, alongside it (the second gets 409 and asks again).
/// </summary>
public sealed class VerificationGate
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public bool TryEnter() => _one.Wait(0);

    public void Exit() => _one.Release();
}
