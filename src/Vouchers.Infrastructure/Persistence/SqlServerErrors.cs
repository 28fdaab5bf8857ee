using Microsoft.Data.SqlClient;

namespace Vouchers.Infrastructure.Persistence;

/// <summary>
/// SQL Server's error numbers where PostgreSQL has SQLSTATEs (SqlClient leaves <c>DbException.SqlState</c> empty):
/// what TransactionBehavior re-runs and what ProblemMapping answers as 503 database.unavailable.
/// </summary>
public static class SqlServerErrors
{
    /// <summary>Cannot insert a duplicate key: 2627 (a PRIMARY KEY or UNIQUE constraint), 2601 (a unique index).</summary>
    public static bool IsUniqueViolation(Exception ex) => ex is SqlException { Number: 2627 or 2601 };

    /// <summary>
    /// A lost race worth re-running: 1205 deadlock victim, 3960 snapshot update conflict, and
    /// <see cref="VouchersDbContext.AppLockFailed"/> (sp_getapplock refused, e.g. as a deadlock victim).
    /// </summary>
    public static bool IsRetryable(Exception ex) => ex is SqlException { Number: 1205 or 3960 or VouchersDbContext.AppLockFailed };

    /// <summary>
    /// The connection dropped or timed out while a command ran: a fatal error (severity 20 and above closes the
    /// connection: "A transport-level error has occurred …"), a command timeout (-2), or SqlClient's own transient
    /// classification.
    /// </summary>
    public static bool IsConnectionLost(Exception ex) => ex is SqlException s && (s.Class >= 20 || s.Number == -2 || s.IsTransient);
}
