using Xunit.Abstractions;

namespace Vouchers.Api.Tests.SqlServer;

// The API tests of Vouchers.Api.Tests, every one again here on SQL Server (this project's TestDatabase.Provider): a
// subclass of each test class with nothing in it but its constructor, since xunit runs the tests a class inherits.
// Without VOUCHERS_TEST_SQLSERVER each of their tests is reported skipped, with the reason (Vouchers.Api.Tests'
// FactAttribute). A new test class there needs its line here, unless it is [SqliteOnly]; ApiTestCoverageTests names
// any that is missing.

/// <summary>Vouchers.Api.Tests.TelemetryCollection again: xunit reads collection definitions from the running assembly only.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

public sealed class AllowedActionsApiTests(FourEyesFactory factory) : Vouchers.Api.Tests.AllowedActionsApiTests(factory);
public sealed class ApprovalPolicyConfigurationTests : Vouchers.Api.Tests.ApprovalPolicyConfigurationTests;
public sealed class AuditExportApiTests(TraceWorldFactory factory) : Vouchers.Api.Tests.AuditExportApiTests(factory);
public sealed class AuditTraceApiTests(TraceWorldFactory factory) : Vouchers.Api.Tests.AuditTraceApiTests(factory);
public sealed class AuditTrailTests(ApiFactory factory) : Vouchers.Api.Tests.AuditTrailTests(factory);
public sealed class AuthOptionsProblemsTests : Vouchers.Api.Tests.AuthOptionsProblemsTests;
public sealed class AuthenticationTests(ApiFactory factory) : Vouchers.Api.Tests.AuthenticationTests(factory);
public sealed class BadInputFuzzTests(ITestOutputHelper output) : Vouchers.Api.Tests.BadInputFuzzTests(output);
public sealed class BadInputRegressionTests(ApiFactory factory) : Vouchers.Api.Tests.BadInputRegressionTests(factory);
public sealed class CheckpointJobTests : Vouchers.Api.Tests.CheckpointJobTests;
public sealed class ConcurrencyTests(ApiFactory factory) : Vouchers.Api.Tests.ConcurrencyTests(factory);
public sealed class DevelopmentIssuerTests(DevelopmentService dev) : Vouchers.Api.Tests.DevelopmentIssuerTests(dev);
public sealed class ExpiryTests(ApiFactory factory) : Vouchers.Api.Tests.ExpiryTests(factory);
public sealed class FourEyesApiTests(FourEyesFactory factory) : Vouchers.Api.Tests.FourEyesApiTests(factory);
public sealed class IdempotencyClaimTakeOverTests(ApiFactory factory) : Vouchers.Api.Tests.IdempotencyClaimTakeOverTests(factory);
public sealed class IdempotencyClaimTests(ApiFactory factory) : Vouchers.Api.Tests.IdempotencyClaimTests(factory);
public sealed class IdempotencyTests(ApiFactory factory) : Vouchers.Api.Tests.IdempotencyTests(factory);
public sealed class LedgerTamperingTests(TamperedLedgerFixture f) : Vouchers.Api.Tests.LedgerTamperingTests(f);
public sealed class LifecycleApiTests(ApiFactory factory) : Vouchers.Api.Tests.LifecycleApiTests(factory);
public sealed class MoneyCommandGuardTests(ApiFactory factory) : Vouchers.Api.Tests.MoneyCommandGuardTests(factory);
public sealed class MoneyRulesApiTests(ApiFactory factory) : Vouchers.Api.Tests.MoneyRulesApiTests(factory);
public sealed class OwnershipTests(ApiFactory factory) : Vouchers.Api.Tests.OwnershipTests(factory);
public sealed class PersistenceRoundTripTests(ApiFactory factory) : Vouchers.Api.Tests.PersistenceRoundTripTests(factory);
public sealed class ProviderAccreditationApiTests(ApiFactory factory) : Vouchers.Api.Tests.ProviderAccreditationApiTests(factory);
public sealed class ProblemLanguageTests(ApiFactory factory) : Vouchers.Api.Tests.ProblemLanguageTests(factory);
public sealed class ProgramAmendmentApiTests(ApiFactory factory) : Vouchers.Api.Tests.ProgramAmendmentApiTests(factory);
public sealed class ProvinceMatrixTests(ApiFactory factory) : Vouchers.Api.Tests.ProvinceMatrixTests(factory);
public sealed class QrKeyRotationTests : Vouchers.Api.Tests.QrKeyRotationTests;
public sealed class QrPastValidityTests : Vouchers.Api.Tests.QrPastValidityTests;
public sealed class QrRedemptionRaceTests : Vouchers.Api.Tests.QrRedemptionRaceTests;
public sealed class QrVoucherApiTests(ApiFactory factory) : Vouchers.Api.Tests.QrVoucherApiTests(factory);
public sealed class RateLimitTests : Vouchers.Api.Tests.RateLimitTests;
public sealed class ReadSnapshotTests : Vouchers.Api.Tests.ReadSnapshotTests;
public sealed class ReconciliationApiTests : Vouchers.Api.Tests.ReconciliationApiTests;
public sealed class RefusalApiTests(ApiFactory factory) : Vouchers.Api.Tests.RefusalApiTests(factory);
public sealed class ReviewDeskApiTests(ApiFactory factory) : Vouchers.Api.Tests.ReviewDeskApiTests(factory);
public sealed class RoleMatrixTests(ApiFactory factory) : Vouchers.Api.Tests.RoleMatrixTests(factory);
public sealed class SchemaMigrationTests : Vouchers.Api.Tests.SchemaMigrationTests;
public sealed class SealingFailureTests(ChainHeadGatedFactory factory) : Vouchers.Api.Tests.SealingFailureTests(factory);
public sealed class SegregationOfDutiesApiTests(ApiFactory factory) : Vouchers.Api.Tests.SegregationOfDutiesApiTests(factory);
public sealed class SizeDeclarationApiTests(ApiFactory factory) : Vouchers.Api.Tests.SizeDeclarationApiTests(factory);
public sealed class StartupConfigurationTests : Vouchers.Api.Tests.StartupConfigurationTests;
public sealed class StrictInputTests(ApiFactory factory) : Vouchers.Api.Tests.StrictInputTests(factory);
public sealed class TamperedTraceTests : Vouchers.Api.Tests.TamperedTraceTests;
public sealed class TelemetryTests(ApiFactory factory) : Vouchers.Api.Tests.TelemetryTests(factory);
public sealed class TracingTests(TracedApiFactory factory) : Vouchers.Api.Tests.TracingTests(factory);
public sealed class VerificationGateTests : Vouchers.Api.Tests.VerificationGateTests;
public sealed class VoucherExtensionApiTests(ApiFactory factory) : Vouchers.Api.Tests.VoucherExtensionApiTests(factory);
public sealed class YearEndApiTests(ApiFactory factory) : Vouchers.Api.Tests.YearEndApiTests(factory);
public sealed class FundPositionBalancesTests(ApiFactory factory) : Vouchers.Api.Tests.FundPositionBalancesTests(factory);
public sealed class NationwideProgramApiTests(ApiFactory factory) : Vouchers.Api.Tests.NationwideProgramApiTests(factory);
public sealed class ApplicationAllowanceTests(ApiFactory factory) : Vouchers.Api.Tests.ApplicationAllowanceTests(factory);
public sealed class StatementCountTests(StatementLogFactory factory, ITestOutputHelper output) : Vouchers.Api.Tests.StatementCountTests(factory, output);
public sealed class FinanceOutlookApiTests(FourEyesFactory factory) : Vouchers.Api.Tests.FinanceOutlookApiTests(factory);
public sealed class FundDashboardApiTests(ApiFactory factory) : Vouchers.Api.Tests.FundDashboardApiTests(factory);
