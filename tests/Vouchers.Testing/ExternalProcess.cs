using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Vouchers.Testing;

/// <summary>What a finished external process left: its exit code and everything it wrote.</summary>
public sealed record ProcessOutput(int ExitCode, byte[] StandardOutput, string StandardError)
{
    /// <summary>Standard output read as UTF-8, exactly as written (no trimming).</summary>
    public string StandardOutputText => new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(StandardOutput);

    /// <summary>The last lines of standard error, for failure messages.</summary>
    public string StandardErrorTail(int maxChars = 2000) =>
        StandardError.Length <= maxChars ? StandardError : "…" + StandardError[^maxChars..];
}

/// <summary>
/// Runs a real program (zbarimg, chromium) for a test: arguments passed one by one (no shell), standard input closed,
/// standard output captured as bytes, standard error as text, and on a timeout the whole process tree is killed and
/// the test fails with what the program had written to standard error. A program that is not installed makes the
/// test fail, never skip: the tests are about what real decoders and browsers see.
/// </summary>
public static class ExternalProcess
{
    public static ProcessOutput Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string installHint)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var commandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{fileName}' ({e.Message}). {installHint}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = new Pump(process.StandardOutput.BaseStream);
            var stderr = new Pump(process.StandardError.BaseStream);

            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { } // it ended just now
                process.WaitForExit(5_000);
                stderr.Wait(TimeSpan.FromSeconds(2));
                throw new TimeoutException(
                    $"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s and was killed. Its standard error:\n{stderr.Text}");
            }

            // The pipes close when the last process holding them ends; a helper process that outlives the main one
            // must not hang the test.
            if (!stdout.Wait(TimeSpan.FromSeconds(10)))
                throw new TimeoutException($"'{commandLine}' exited but its standard output stayed open.");
            stderr.Wait(TimeSpan.FromSeconds(10));
            return new ProcessOutput(process.ExitCode, stdout.Bytes, stderr.Text);
        }
    }

    /// <summary>Copies a stream into memory on a background task; what has arrived so far can be read at any time.</summary>
    private sealed class Pump
    {
        private readonly MemoryStream _buffer = new();
        private readonly Task _copy;

        public Pump(Stream source) => _copy = Task.Run(async () =>
        {
            var chunk = new byte[8192];
            int n;
            while ((n = await source.ReadAsync(chunk).ConfigureAwait(false)) > 0)
                lock (_buffer) _buffer.Write(chunk, 0, n);
        });

        public bool Wait(TimeSpan timeout)
        {
            try { return _copy.Wait(timeout); }
            catch (AggregateException) { return true; } // the pipe broke: keep what arrived
        }

        public byte[] Bytes { get { lock (_buffer) return _buffer.ToArray(); } }

        public string Text => Encoding.UTF8.GetString(Bytes);
    }
}
