using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Vouchers.Infrastructure;
using Vouchers.Infrastructure.Idempotency;

namespace Vouchers.Api.Web;

/// <summary>
/// A form that moves money carries an idempotency key (a hidden field made when the form was drawn), and its post runs
/// the command through the same <see cref="IIdempotencyStore"/> as the API's Idempotency-Key: a double click, a
/// resubmitted form or a reload after a lost answer runs the command once and shows its stored result the other times.
/// Same key with other values is refused, as in the API.
/// </summary>
public static class FormOnce
{
    /// <summary>One new key per form a page draws (each form is its own request), asked for by the form's name.</summary>
    public sealed class Keys<T> where T : notnull
    {
        private readonly Dictionary<T, string> _keys = [];
        public string For(T form) => _keys.TryGetValue(form, out var k) ? k : _keys[form] = NewKey();

        /// <summary>The form is drawn again with the key it was posted with (nothing ran: a validation refusal).</summary>
        public void Keep(T form, string? posted)
        {
            if (IsValidKey(posted)) _keys[form] = posted!;
        }
    }

    public const string Field = "idempotencyKey";

    /// <summary>A new key for a form being drawn.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The key a form is drawn again with after its post was refused: the posted one, so that correcting and resending
    /// the form is still the same form (a double click after the correction runs once), unless it was malformed or the
    /// refusal was that key's own reuse for other values; otherwise a new one.
    /// </summary>
    public static string KeyAfterRefusal(string? posted, PageProblem? problem) =>
        IsValidKey(posted) && problem?.Code != "idempotency.key-reused" ? posted! : NewKey();

    public static bool IsValidKey(string? key) => key is { Length: > 0 and <= 100 } && key.All(c => c is > (char)0x20 and < (char)0x7f);

    /// <summary>
    /// Runs <paramref name="command"/> once for <paramref name="key"/>: the first post runs it (its answer is stored in the
    /// command's own transaction); a post of the same values later gets the stored answer back; one still running is
    /// waited for (up to ~10 s). <paramref name="values"/> are what the form sent, which make two posts "the same".
    /// </summary>
    /// <exception cref="Vouchers.Domain.Common.ConflictException">The key was used for other values, or the first post is still running.</exception>
    public static async Task<T> RunAsync<T>(HttpContext http, string key, string operation, IEnumerable<object?> values, Func<Task<T>> command)
    {
        if (!IsValidKey(key)) throw new Vouchers.Domain.Common.InvalidValueException(Field, "The form's idempotency key is missing or malformed; reload the page.");
        var sp = http.RequestServices;
        var request = sp.GetRequiredService<RequestContext>();
        var json = sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value.AnswerJson;
        var store = sp.GetRequiredService<IIdempotencyStore>();
        var scope = $"{request.Actor.Role}:{request.Actor.Subject}";
        var hash = Fingerprint(operation, values, json);
        request.IdempotencyKey = key;
        for (var wait = 0; ; wait++)
        {
            var claim = await store.ClaimAsync(scope, key, hash, http.RequestAborted);
            switch (claim.Outcome)
            {
                case ClaimOutcome.Replay:
                    return JsonSerializer.Deserialize<T>(claim.ResponseBody ?? "null", json)!;
                case ClaimOutcome.Mismatch:
                    throw new Vouchers.Domain.Common.ConflictException("idempotency.key-reused",
                        "This form was already sent with other values. Reload the page to start again.");
                case ClaimOutcome.InFlight when wait < 40:
                    await Task.Delay(250, http.RequestAborted); // the first click is still running: wait for its answer
                    continue;
                case ClaimOutcome.InFlight:
                    throw new Vouchers.Domain.Common.ConflictException("idempotency.in-flight",
                        "The same form is still being processed. Reload the page in a moment to see its result.");
            }
            try
            {
                return await command();
            }
            catch
            {
                await store.ReleaseAsync(scope, key, claim.Version); // nothing was committed: a resubmit runs it again
                throw;
            }
        }
    }

    private static string Fingerprint(string operation, IEnumerable<object?> values, JsonSerializerOptions json)
    {
        var sb = new StringBuilder("PAGE ").Append(operation).Append('\n');
        foreach (var v in values) sb.Append(JsonSerializer.Serialize(v, json)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
