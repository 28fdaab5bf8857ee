using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// The service as an operator runs it: the built <c>Vouchers.Api.dll</c> in an OS process of its own, on Kestrel on a
/// loopback port, configured by environment variables, with tokens from the test identity provider. Several of them on
/// one PostgreSQL database are the province's "N instances behind a load balancer"; <see cref="Kill"/> is <c>kill -9</c>.
/// </summary>
public sealed class ServiceProcess : ITestService, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    private readonly string _environment;

    private ServiceProcess(string name, IReadOnlyDictionary<string, string> settings, int port, string environment) =>
        (Name, _settings, Port, _environment) = (name, settings, port, environment);

    /// <summary>
    /// The settings every instance of one deployment shares: the database, the identity provider, and signing keys
    /// given in configuration (as production gives them: no instance invents a key of its own).
    /// </summary>
    public static Dictionary<string, string> DeploymentSettings(TestDatabase database)
    {
        static string NewKey()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return key.ExportPkcs8PrivateKeyPem();
        }
        return new()
        {
            ["Database:Provider"] = database.ProviderSetting,
            ["ConnectionStrings:Vouchers"] = database.ConnectionString,
            ["DemoData:Enabled"] = "true",
            ["Jobs:Expiry:Enabled"] = "false",
            ["Jobs:Checkpoints:Enabled"] = "false",
            ["Auth:Authority"] = TestIdentityProvider.Shared.Authority,
            ["Auth:Audience"] = TestIdentityProvider.Audience,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["QrSigning:KeyFile"] = "",
            ["QrSigning:Keys:0:PrivateKey"] = NewKey(),
            ["CheckpointSigning:KeyFile"] = "",
            ["CheckpointSigning:Keys:0:PrivateKey"] = NewKey(),
            ["RateLimits:General:PermitLimit"] = "1000000",
            ["RateLimits:ScanPerUser:PermitLimit"] = "1000000",
            ["RateLimits:ScanPerProvider:PermitLimit"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    public static async Task<ServiceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string environment = "Testing")
    {
        var service = new ServiceProcess(name, settings, PostgresServer.FreePort(), environment);
        await service.StartAsync();
        return service;
    }

    /// <summary>Starts (again) on the same port and settings, and waits until it is ready.</summary>
    public async Task StartAsync()
    {
        var dll = ApiAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = _environment;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in _settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, e) => Note(e.Data);
        process.ErrorDataReceived += (_, e) => Note(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{Output}");
            if (DateTime.UtcNow > deadline)
            {
                Kill(); // not left running behind a fixture that never got it
                throw new TimeoutException($"{Name} was not ready in 90 s:\n{Output}");
            }
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
    }

    /// <summary><c>kill -9</c>: the process ends at once, in whatever it was doing (SIGKILL on Linux).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the process printed (the last 400 lines), for a failure's message.</summary>
    public string Output => string.Join('\n', _output);

    private void Note(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    public HttpClient CreateClient() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) }.InEnglish();

    public HttpClient As(TestUser user) => ITestService.Signed(CreateClient(), user);

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The API as built beside these tests (same configuration), found from the repository root.</summary>
    private static string ApiAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Vouchers.sln not found above " + AppContext.BaseDirectory);
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0/
        var dll = Path.Combine(dir.FullName, "src", "Vouchers.Api", "bin", configuration, "net10.0", "Vouchers.Api.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
    }
}

/// <summary>
/// The load balancer: one client whose requests go to the instances in turn (round robin), so consecutive calls of one
/// user, and the retries of one request, land on different processes. A request to an instance that is down goes to the
/// next one, as a load balancer's health check would have it.
/// </summary>
public sealed class LoadBalancer(params ServiceProcess[] instances) : ITestService
{
    private int _next;

    public HttpClient CreateClient() => new HttpClient(new RoundRobin(this)) { BaseAddress = new Uri("http://balancer"), Timeout = TimeSpan.FromSeconds(100) }.InEnglish();

    public HttpClient As(TestUser user) => ITestService.Signed(CreateClient(), user);

    private ServiceProcess Next()
    {
        // one turn per request, then the instances from there in order (other requests move _next meanwhile)
        var start = (uint)Interlocked.Increment(ref _next);
        for (var i = 0u; i < instances.Length; i++)
        {
            var candidate = instances[(int)((start + i) % (uint)instances.Length)];
            if (candidate.IsRunning) return candidate;
        }
        throw new InvalidOperationException("No instance is running:\n" + string.Join("\n", instances.Select(i =>
            $"--- {i.Name}: {(i.IsRunning ? "running" : "exited")}, last lines:\n{string.Join('\n', i.Output.Split('\n').TakeLast(40))}")));
    }

    private sealed class RoundRobin(LoadBalancer balancer) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var target = balancer.Next();
            request.RequestUri = new Uri(target.BaseAddress, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, ct);
        }
    }
}
