using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vouchers.Benchmarks.Harness;

/// <summary>One measured level: so many clients, each doing one operation after another, for a time or until the work runs out.</summary>
public sealed record Level(
    int Clients, double Seconds, int Ok, int Errors, double PerSecond, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double MaxMs,
    bool RanOutOfWork, string? FirstError, IReadOnlyList<Bucket> Histogram);

/// <summary>A latency histogram bucket: operations that took at most <c>UpToMs</c> (and more than the bucket before).</summary>
public sealed record Bucket(double UpToMs, int Count);

public static class Measurement
{
    /// <summary>
    /// <paramref name="clients"/> workers take items from <paramref name="work"/> and run <paramref name="operation"/> on
    /// each (null = success, else the error), until <paramref name="limit"/> has passed or the items are gone. Latency
    /// is per operation; throughput counts successes over the wall time from the first start to the last finish.
    /// </summary>
    public static async Task<(Level Level, List<T> Done)> DriveAsync<T>(int clients, TimeSpan limit, IEnumerable<T> work, Func<T, Task<string?>> operation)
    {
        var queue = new ConcurrentQueue<T>(work);
        var latencies = new ConcurrentBag<double>();
        var done = new ConcurrentBag<T>();
        var errors = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < limit && queue.TryDequeue(out var item))
            {
                var started = Stopwatch.GetTimestamp();
                string? error;
                try { error = await operation(item); }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.Text.Json.JsonException)
                { error = e.GetType().Name + ": " + e.Message; }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is null)
                {
                    latencies.Add(ms);
                    done.Add(item);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error.Length > 300 ? error[..300] : error, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        watch.Stop();
        var sorted = latencies.OrderBy(x => x).ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var seconds = watch.Elapsed.TotalSeconds;
        var level = new Level(clients, Math.Round(seconds, 2), sorted.Length, errors, Math.Round(sorted.Length / seconds, 1),
            Math.Round(sorted.Length == 0 ? 0 : sorted.Average(), 2), Math.Round(P(0.50), 2), Math.Round(P(0.90), 2), Math.Round(P(0.99), 2),
            Math.Round(sorted.Length == 0 ? 0 : sorted[^1], 2), queue.IsEmpty && watch.Elapsed < limit, firstError, Histogram(sorted));
        return (level, done.ToList());
    }

    /// <summary>Latency buckets doubling from 1 ms; empty buckets left out.</summary>
    public static IReadOnlyList<Bucket> Histogram(double[] sorted)
    {
        var buckets = new List<Bucket>();
        var i = 0;
        for (var bound = 1.0; i < sorted.Length; bound *= 2)
        {
            var n = 0;
            while (i < sorted.Length && sorted[i] <= bound) { n++; i++; }
            if (n > 0) buckets.Add(new Bucket(bound, n));
        }
        return buckets;
    }

    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
