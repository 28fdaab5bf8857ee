using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vouchers.Infrastructure.Telemetry;

/// <summary>
/// A span per SQL command on SQLite, which (unlike Npgsql and SqlClient) has no OpenTelemetry instrumentation of its
/// own: <c>db.system.name = sqlite</c>, the operation and the statement's first line, as the semantic conventions name
/// them. Registered for SQLite only, so PostgreSQL and SQL Server commands are not traced twice. Costs nothing while no
/// listener samples the source.
/// </summary>
public sealed class DatabaseCommandSpans : DbCommandInterceptor
{
    public const string SourceName = "Vouchers.Database";
    private static readonly ActivitySource Source = new(SourceName);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Stop(command, null);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Stop(command, null);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Stop(command, null);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(command, eventData.Exception);
        return base.CommandFailedAsync(command, eventData, cancellationToken);
    }

    // the span of a command in flight, by command (a connection runs one command at a time, but readers may interleave)
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbCommand, Activity> InFlight = new();

    private static void Start(DbCommand command)
    {
        if (!Source.HasListeners()) return;
        var sql = command.CommandText;
        var operation = sql.TrimStart().Split([' ', '\n', '\r', '\t'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant() ?? "SQL";
        var activity = Source.StartActivity($"{operation} sqlite", ActivityKind.Client);
        if (activity is null) return;
        activity.SetTag("db.system.name", "sqlite");
        activity.SetTag("db.operation.name", operation);
        activity.SetTag("db.query.text", sql.Length <= 2000 ? sql : sql[..2000]);
        InFlight.AddOrUpdate(command, activity);
    }

    private static void Stop(DbCommand command, Exception? error)
    {
        if (!InFlight.TryGetValue(command, out var activity)) return;
        InFlight.Remove(command);
        if (error is not null) activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        activity.Dispose();
    }
}
