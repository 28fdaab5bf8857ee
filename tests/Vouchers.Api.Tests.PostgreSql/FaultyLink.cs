using System.Net;
using System.Net.Sockets;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// A TCP relay between the service and PostgreSQL that can drop the connection at the worst moment: around the
/// transaction's COMMIT. Npgsql commits with a simple-query message <c>Q … "COMMIT\0"</c>; the relay watches the
/// client's bytes for it. Armed with <see cref="Fault.AfterCommit"/>, it passes the COMMIT on, lets the server answer,
/// then closes both sides without relaying that answer: the transaction is committed and the service never hears so.
/// With <see cref="Fault.BeforeCommit"/> it closes both sides instead of passing the COMMIT on: the server rolls the
/// transaction back. One fault per arming; every other connection is relayed untouched.
/// </summary>
public sealed class FaultyLink : IAsyncDisposable
{
    public enum Fault { None, AfterCommit, BeforeCommit }

    private static readonly byte[] Commit = [(byte)'Q', 0, 0, 0, 11, (byte)'C', (byte)'O', (byte)'M', (byte)'M', (byte)'I', (byte)'T', 0];
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private int _armed; // a Fault, taken by the first connection that commits
    private int _fired;

    public FaultyLink(string host, int port)
    {
        _server = new IPEndPoint(IPAddress.Parse(host), port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many faults were injected so far.</summary>
    public int Fired => Volatile.Read(ref _fired);

    public void Arm(Fault fault) => Interlocked.Exchange(ref _armed, (int)fault);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        using var _ = client;
        try
        {
            await server.ConnectAsync(_server, _stop.Token);
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var committing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var up = PumpUpAsync(client.GetStream(), server.GetStream(), committing, cut);
            var down = PumpDownAsync(server.GetStream(), client.GetStream(), committing.Task, cut);
            await Task.WhenAny(up, down);
            await cut.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            client.Client.Close(0); // a reset, as a dropped link looks to the service
            server.Client.Close(0);
        }
    }

    /// <summary>Service → PostgreSQL. A COMMIT seen while armed either goes on (after-commit) or ends the link (before-commit).</summary>
    private async Task PumpUpAsync(NetworkStream from, NetworkStream to, TaskCompletionSource committing, CancellationTokenSource cut)
    {
        var buffer = new byte[64 * 1024];
        var tail = new List<byte>(Commit.Length); // the bytes of the last read, so a COMMIT split across reads is seen
        while (true)
        {
            var n = await from.ReadAsync(buffer, cut.Token);
            if (n == 0) return;
            var window = tail.Concat(buffer.Take(n)).ToArray();
            if (Contains(window, Commit) && Volatile.Read(ref _armed) != (int)Fault.None)
            {
                var fault = (Fault)Interlocked.Exchange(ref _armed, (int)Fault.None);
                if (fault == Fault.BeforeCommit)
                {
                    Interlocked.Increment(ref _fired);
                    return; // the COMMIT never reaches the server
                }
                if (fault == Fault.AfterCommit) committing.TrySetResult();
            }
            await to.WriteAsync(buffer.AsMemory(0, n), cut.Token);
            tail.Clear();
            tail.AddRange(window.Skip(Math.Max(0, window.Length - (Commit.Length - 1))));
        }
    }

    /// <summary>PostgreSQL → service. After a COMMIT went on, the server's answer to it is swallowed and the link ends.</summary>
    private async Task PumpDownAsync(NetworkStream from, NetworkStream to, Task committing, CancellationTokenSource cut)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await from.ReadAsync(buffer, cut.Token);
            if (n == 0) return;
            if (committing.IsCompleted)
            {
                Interlocked.Increment(ref _fired);
                return; // the server has answered the COMMIT: it is durable, and the service will never know
            }
            await to.WriteAsync(buffer.AsMemory(0, n), cut.Token);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return true;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
    }
}
