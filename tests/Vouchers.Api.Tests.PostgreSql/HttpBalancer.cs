using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vouchers.Api.Tests.PostgreSql;

/// <summary>
/// A round-robin HTTP balancer a browser can talk to: Kestrel on a loopback port that forwards every request, in turn,
/// to the next instance (not sticky: consecutive requests of one browser, one sign-in's redirects included, land on
/// different processes), keeping the Host header so that each instance builds its addresses for the balancer's host.
/// </summary>
public sealed class HttpBalancer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(100) };
    private readonly ServiceProcess[] _instances;
    private int _next;

    /// <summary>Which instance answered each request, in order ("instance A /path").</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    public Uri Address { get; }

    private HttpBalancer(ServiceProcess[] instances, int port)
    {
        _instances = instances;
        Address = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Address.ToString());
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    public static async Task<HttpBalancer> StartAsync(int port, params ServiceProcess[] instances)
    {
        var balancer = new HttpBalancer(instances, port);
        await balancer._app.StartAsync();
        return balancer;
    }

    private async Task ForwardAsync(HttpContext http)
    {
        var target = _instances[(int)((uint)Interlocked.Increment(ref _next) % (uint)_instances.Length)];
        Log.Enqueue($"{target.Name} {http.Request.Method} {http.Request.Path}");
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(target.BaseAddress, http.Request.Path + http.Request.QueryString));
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(http.Request.Body);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        request.Headers.Host = http.Request.Host.Value;
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            http.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
