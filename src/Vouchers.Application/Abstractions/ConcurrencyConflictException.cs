using Vouchers.Domain.Common;

namespace Vouchers.Application.Abstractions;

/// <summary>A command kept losing optimistic-concurrency races and gave up; the client may retry. Maps to 409.</summary>
public sealed class ConcurrencyConflictException(int attempts)
    : DomainException("concurrency.conflict", $"The resource changed concurrently {attempts} times; nothing was applied. Retry the request.");
