-- V0007 baseline (SQL Server). A new provider has no databases to upgrade, so it starts from the whole schema of
-- version 7 (what V0001..V0007 built on SQLite and PostgreSQL), generated from the model with
-- `dotnet run --project src/Vouchers.Api -- schema sqlserver` and reviewed; later versions (V0008…) are written for
-- all three providers under the same number. See docs/decisions/0003 (amendment) and docs/operations.md.
-- * Every text column is nvarchar with COLLATE Latin1_General_100_BIN2: UTF-16 keeps Vietnamese NFC text as written,
--   and comparisons and unique indexes are ordinal, as the domain's. JSON lists longer than 4000 characters are nvarchar(max).
-- * Instants are datetime2 (7): the UTC DateTime the model stores, to the tick.
-- * Unique indexes on nullable columns carry the model's filters; their double-quoted identifiers are T-SQL under
--   QUOTED_IDENTIFIER ON, which SqlClient sets on every connection and filtered indexes require anyway.
-- * ALLOW_SNAPSHOT_ISOLATION ON cannot be set inside the migration's transaction: SchemaMigrator sets it before.
-- * The batches are split at "-- batch" lines (CREATE TRIGGER must come first in its batch); all run in one transaction.
CREATE TABLE [AuditEntries] (
    [Id] uniqueidentifier NOT NULL,
    [At] datetime2 NOT NULL,
    [Subject] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [SubjectName] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    [Roles] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    [ActingRole] nvarchar(40) COLLATE Latin1_General_100_BIN2 NULL,
    [TaxCode] nvarchar(14) COLLATE Latin1_General_100_BIN2 NULL,
    [ProviderId] uniqueidentifier NULL,
    [Action] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ObjectType] nvarchar(40) COLLATE Latin1_General_100_BIN2 NULL,
    [ObjectId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [Method] nvarchar(10) COLLATE Latin1_General_100_BIN2 NULL,
    [Path] nvarchar(300) COLLATE Latin1_General_100_BIN2 NULL,
    [ClientAddress] nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL,
    [Outcome] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [StatusCode] int NULL,
    [ReasonCode] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [Reason] nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL,
    [CorrelationId] uniqueidentifier NOT NULL,
    [IdempotencyKey] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
);

CREATE TABLE [ChainCheckpoints] (
    [Number] bigint NOT NULL,
    [Height] bigint NOT NULL,
    [Hash] varbinary(max) NOT NULL,
    [At] datetime2 NOT NULL,
    [KeyId] nvarchar(16) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Signature] varbinary(max) NOT NULL,
    CONSTRAINT [PK_ChainCheckpoints] PRIMARY KEY ([Number])
);

CREATE TABLE [ChainLinks] (
    [Height] bigint NOT NULL,
    [Kind] int NOT NULL,
    [RecordId] uniqueidentifier NOT NULL,
    [RecordSequence] int NOT NULL,
    [ContentHash] varbinary(max) NOT NULL,
    [PreviousHash] varbinary(max) NOT NULL,
    [Hash] varbinary(max) NOT NULL,
    CONSTRAINT [PK_ChainLinks] PRIMARY KEY ([Height])
);

CREATE TABLE [Enterprises] (
    [Id] uniqueidentifier NOT NULL,
    [TaxCode] nvarchar(14) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Name] nvarchar(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [CommuneWard] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [SectorGroup] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Sector] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [AverageInsuredEmployees] int NOT NULL,
    [AnnualRevenue] bigint NOT NULL,
    [TotalCapital] bigint NOT NULL,
    [SizeClass] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [IsDemo] bit NOT NULL,
    [RegisteredAt] datetime2 NOT NULL,
    [UpdatedAt] datetime2 NOT NULL,
    [Version] bigint NOT NULL,
    [PendingProfileChangeId] uniqueidentifier NULL,
    CONSTRAINT [PK_Enterprises] PRIMARY KEY ([Id])
);

CREATE TABLE [Funds] (
    [Id] uniqueidentifier NOT NULL,
    [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Kind] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Name] nvarchar(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [IsDemo] bit NOT NULL,
    [CreatedAt] datetime2 NOT NULL,
    CONSTRAINT [PK_Funds] PRIMARY KEY ([Id])
);

CREATE TABLE [IdempotencyRecords] (
    [Scope] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Key] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [RequestHash] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Status] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ResponseStatus] int NULL,
    [ResponseBody] nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL,
    [CreatedAt] datetime2 NOT NULL,
    [LockedUntil] datetime2 NOT NULL,
    [CompletedAt] datetime2 NULL,
    [Version] bigint NOT NULL,
    CONSTRAINT [PK_IdempotencyRecords] PRIMARY KEY ([Scope], [Key])
);

CREATE TABLE [Providers] (
    [Id] uniqueidentifier NOT NULL,
    [TaxCode] nvarchar(14) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Name] nvarchar(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Kind] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [AccreditationNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [AccreditedFrom] date NOT NULL,
    [AccreditedUntil] date NOT NULL,
    [AccreditationStatus] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Services] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [IsDemo] bit NOT NULL,
    [RegisteredAt] datetime2 NOT NULL,
    [Version] bigint NOT NULL,
    CONSTRAINT [PK_Providers] PRIMARY KEY ([Id])
);

CREATE TABLE [EnterpriseProfileChanges] (
    [Id] uniqueidentifier NOT NULL,
    [EnterpriseId] uniqueidentifier NOT NULL,
    [TaxCode] nvarchar(14) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [At] datetime2 NOT NULL,
    [DeclaredBy] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Changes] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Proposed] nvarchar(4000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Status] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [DecidedBy] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    [DecidedAt] datetime2 NULL,
    [DecisionNote] nvarchar(2000) COLLATE Latin1_General_100_BIN2 NULL,
    [Version] bigint NOT NULL,
    CONSTRAINT [PK_EnterpriseProfileChanges] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_EnterpriseProfileChanges_Enterprises_EnterpriseId] FOREIGN KEY ([EnterpriseId]) REFERENCES [Enterprises] ([Id]) ON DELETE NO ACTION
);

CREATE TABLE [BudgetAllocations] (
    [Id] uniqueidentifier NOT NULL,
    [FundId] uniqueidentifier NOT NULL,
    [FiscalYear] int NOT NULL,
    [Amount] bigint NOT NULL,
    [DecisionNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [DecisionDate] date NOT NULL,
    [TransferId] uniqueidentifier NOT NULL,
    [RecordedBy] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [RecordedAt] datetime2 NOT NULL,
    CONSTRAINT [PK_BudgetAllocations] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_BudgetAllocations_Funds_FundId] FOREIGN KEY ([FundId]) REFERENCES [Funds] ([Id]) ON DELETE NO ACTION
);

CREATE TABLE [LedgerAccounts] (
    [Id] uniqueidentifier NOT NULL,
    [Code] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Flags] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [FundId] uniqueidentifier NOT NULL,
    [FiscalYear] int NOT NULL,
    [ProgramId] uniqueidentifier NULL,
    [Name] nvarchar(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [DebitsPending] bigint NOT NULL,
    [DebitsPosted] bigint NOT NULL,
    [CreditsPending] bigint NOT NULL,
    [CreditsPosted] bigint NOT NULL,
    [Version] bigint NOT NULL,
    [CreatedAt] datetime2 NOT NULL,
    CONSTRAINT [PK_LedgerAccounts] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_LedgerAccounts_Funds_FundId] FOREIGN KEY ([FundId]) REFERENCES [Funds] ([Id]) ON DELETE NO ACTION
);

CREATE TABLE [Programs] (
    [Id] uniqueidentifier NOT NULL,
    [Code] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [FundId] uniqueidentifier NOT NULL,
    [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [FundKind] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [FiscalYear] int NOT NULL,
    [Name] nvarchar(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Envelope] bigint NOT NULL,
    [EligibleServiceKinds] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [EligibleProviderKinds] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [EligibleSectors] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [SupportRate] int NOT NULL,
    [Caps] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [VoucherValidityDays] int NOT NULL,
    [ApplicationOpens] date NOT NULL,
    [ApplicationCloses] date NOT NULL,
    [Status] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [EnvelopeDecisionNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [EnvelopeDecisionDate] date NULL,
    [EnvelopeApprovedBy] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL,
    [BudgetAccountId] uniqueidentifier NULL,
    [PayableAccountId] uniqueidentifier NULL,
    [DisbursedAccountId] uniqueidentifier NULL,
    [IsDemo] bit NOT NULL,
    [CreatedAt] datetime2 NOT NULL,
    [Version] bigint NOT NULL,
    [MinimumSupport] bigint NOT NULL DEFAULT CAST(0 AS bigint),
    [PriceMarginPercent] int NOT NULL DEFAULT 0,
    CONSTRAINT [PK_Programs] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_Programs_Funds_FundId] FOREIGN KEY ([FundId]) REFERENCES [Funds] ([Id]) ON DELETE NO ACTION
);

CREATE TABLE [LedgerTransfers] (
    [Id] uniqueidentifier NOT NULL,
    [DebitAccountId] uniqueidentifier NOT NULL,
    [CreditAccountId] uniqueidentifier NOT NULL,
    [Amount] bigint NOT NULL,
    [Kind] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Phase] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [PendingId] uniqueidentifier NULL,
    [CorrelationId] uniqueidentifier NOT NULL,
    [Reference] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [Reason] nvarchar(2000) COLLATE Latin1_General_100_BIN2 NULL,
    [VoucherId] uniqueidentifier NULL,
    [ProviderId] uniqueidentifier NULL,
    [Timestamp] datetime2 NOT NULL,
    CONSTRAINT [PK_LedgerTransfers] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_LedgerTransfers_LedgerAccounts_CreditAccountId] FOREIGN KEY ([CreditAccountId]) REFERENCES [LedgerAccounts] ([Id]) ON DELETE NO ACTION,
    CONSTRAINT [FK_LedgerTransfers_LedgerAccounts_DebitAccountId] FOREIGN KEY ([DebitAccountId]) REFERENCES [LedgerAccounts] ([Id]) ON DELETE NO ACTION
);

CREATE TABLE [Vouchers] (
    [Id] uniqueidentifier NOT NULL,
    [Code] nvarchar(20) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ProgramId] uniqueidentifier NOT NULL,
    [EnterpriseId] uniqueidentifier NOT NULL,
    [EnterpriseTaxCode] nvarchar(14) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [SizeClass] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [FiscalYear] int NOT NULL,
    [ServiceKind] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Purpose] nvarchar(2000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [RequestedAmount] bigint NOT NULL,
    [Status] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [SubmittedAt] datetime2 NOT NULL,
    [FaceValue] bigint NULL,
    [ValidUntil] date NULL,
    [IssuedAt] datetime2 NULL,
    [CommitmentTransferId] uniqueidentifier NULL,
    [ProviderId] uniqueidentifier NULL,
    [ContractNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [ContractValue] bigint NULL,
    [SupportAmount] bigint NULL,
    [CoPayment] bigint NULL,
    [RedeemedAt] datetime2 NULL,
    [DeliveryNote] nvarchar(2000) COLLATE Latin1_General_100_BIN2 NULL,
    [AcceptedAmount] bigint NULL,
    [AcceptanceDecisionNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [EInvoiceNumber] nvarchar(50) COLLATE Latin1_General_100_BIN2 NULL,
    [PaymentReference] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [ClawedBackAmount] bigint NULL,
    [IsDemo] bit NOT NULL,
    [UpdatedAt] datetime2 NOT NULL,
    [Version] bigint NOT NULL,
    [ProposedAmount] bigint NULL,
    [QrSerial] int NOT NULL DEFAULT 0,
    [QrToken] nvarchar(512) COLLATE Latin1_General_100_BIN2 NULL,
    [HeadOfficeTaxCode] nvarchar(10) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT N'',
    [Eligibility] nvarchar(4000) COLLATE Latin1_General_100_BIN2 NULL,
    [PriceCeiling] bigint NULL,
    CONSTRAINT [PK_Vouchers] PRIMARY KEY ([Id]),
    CONSTRAINT [FK_Vouchers_Enterprises_EnterpriseId] FOREIGN KEY ([EnterpriseId]) REFERENCES [Enterprises] ([Id]) ON DELETE NO ACTION,
    CONSTRAINT [FK_Vouchers_Programs_ProgramId] FOREIGN KEY ([ProgramId]) REFERENCES [Programs] ([Id]) ON DELETE NO ACTION,
    CONSTRAINT [FK_Vouchers_Providers_ProviderId] FOREIGN KEY ([ProviderId]) REFERENCES [Providers] ([Id]) ON DELETE NO ACTION
);

CREATE TABLE [VoucherTransitions] (
    [VoucherId] uniqueidentifier NOT NULL,
    [Sequence] int NOT NULL,
    [From] nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL,
    [To] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Trigger] nvarchar(64) COLLATE Latin1_General_100_BIN2 NULL,
    [ActorSubject] nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ActorRole] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [At] datetime2 NOT NULL,
    [Reason] nvarchar(2000) COLLATE Latin1_General_100_BIN2 NULL,
    [TransferId] uniqueidentifier NULL,
    CONSTRAINT [PK_VoucherTransitions] PRIMARY KEY ([VoucherId], [Sequence]),
    CONSTRAINT [FK_VoucherTransitions_Vouchers_VoucherId] FOREIGN KEY ([VoucherId]) REFERENCES [Vouchers] ([Id]) ON DELETE CASCADE
);

CREATE INDEX [IX_AuditEntries_At] ON [AuditEntries] ([At]);
CREATE INDEX [IX_AuditEntries_ObjectId] ON [AuditEntries] ([ObjectId]);
CREATE INDEX [IX_AuditEntries_Subject_At] ON [AuditEntries] ([Subject], [At]);
CREATE UNIQUE INDEX [IX_BudgetAllocations_FundId_DecisionNumber] ON [BudgetAllocations] ([FundId], [DecisionNumber]);
CREATE UNIQUE INDEX [IX_BudgetAllocations_TransferId] ON [BudgetAllocations] ([TransferId]);
CREATE UNIQUE INDEX [IX_ChainCheckpoints_Height] ON [ChainCheckpoints] ([Height]);
CREATE UNIQUE INDEX [IX_ChainLinks_Kind_RecordId_RecordSequence] ON [ChainLinks] ([Kind], [RecordId], [RecordSequence]);
CREATE INDEX [IX_EnterpriseProfileChanges_EnterpriseId_At] ON [EnterpriseProfileChanges] ([EnterpriseId], [At]);
CREATE INDEX [IX_EnterpriseProfileChanges_Status_At] ON [EnterpriseProfileChanges] ([Status], [At]);
CREATE INDEX [IX_EnterpriseProfileChanges_TaxCode_At] ON [EnterpriseProfileChanges] ([TaxCode], [At]);
CREATE UNIQUE INDEX [IX_Enterprises_TaxCode] ON [Enterprises] ([TaxCode]);
CREATE UNIQUE INDEX [IX_Funds_ProvinceCode_Kind] ON [Funds] ([ProvinceCode], [Kind]);
CREATE UNIQUE INDEX [IX_LedgerAccounts_FundId_FiscalYear_Code] ON [LedgerAccounts] ([FundId], [FiscalYear], [Code]) WHERE "ProgramId" IS NULL;
CREATE UNIQUE INDEX [IX_LedgerAccounts_ProgramId_Code] ON [LedgerAccounts] ([ProgramId], [Code]) WHERE "ProgramId" IS NOT NULL;
CREATE INDEX [IX_LedgerTransfers_CreditAccountId] ON [LedgerTransfers] ([CreditAccountId]);
CREATE INDEX [IX_LedgerTransfers_DebitAccountId] ON [LedgerTransfers] ([DebitAccountId]);
CREATE UNIQUE INDEX [IX_LedgerTransfers_PendingId] ON [LedgerTransfers] ([PendingId]) WHERE "PendingId" IS NOT NULL;
CREATE INDEX [IX_LedgerTransfers_Timestamp] ON [LedgerTransfers] ([Timestamp]);
CREATE INDEX [IX_LedgerTransfers_VoucherId] ON [LedgerTransfers] ([VoucherId]);
CREATE UNIQUE INDEX [IX_Programs_Code] ON [Programs] ([Code]);
CREATE INDEX [IX_Programs_FundId] ON [Programs] ([FundId]);
CREATE INDEX [IX_Programs_ProvinceCode_Status] ON [Programs] ([ProvinceCode], [Status]);
CREATE UNIQUE INDEX [IX_Providers_TaxCode] ON [Providers] ([TaxCode]);
CREATE UNIQUE INDEX [IX_Vouchers_Code] ON [Vouchers] ([Code]);
CREATE UNIQUE INDEX [IX_Vouchers_CommitmentTransferId] ON [Vouchers] ([CommitmentTransferId]) WHERE "CommitmentTransferId" IS NOT NULL;
CREATE INDEX [IX_Vouchers_EnterpriseId_ProgramId] ON [Vouchers] ([EnterpriseId], [ProgramId]);
CREATE INDEX [IX_Vouchers_HeadOfficeTaxCode_ProgramId] ON [Vouchers] ([HeadOfficeTaxCode], [ProgramId]);
CREATE INDEX [IX_Vouchers_ProgramId] ON [Vouchers] ([ProgramId]);
CREATE UNIQUE INDEX [IX_Vouchers_ProviderId_EInvoiceNumber] ON [Vouchers] ([ProviderId], [EInvoiceNumber]) WHERE "EInvoiceNumber" IS NOT NULL;
CREATE INDEX [IX_Vouchers_Status_ValidUntil] ON [Vouchers] ([Status], [ValidUntil]);
CREATE INDEX [IX_Vouchers_SubmittedAt] ON [Vouchers] ([SubmittedAt]);

-- The audit trail is append-only in the database too (V0003 on the other providers): updates and deletes are refused
-- whoever sends them. SQL Server fires no trigger on TRUNCATE, but refuses to truncate a table that a foreign key
-- references: __AuditEntriesTruncateGuard is that reference, and holds no row (CHECK (1 = 0)).
CREATE TABLE [__AuditEntriesTruncateGuard] (
    [AuditEntryId] uniqueidentifier NOT NULL,
    CONSTRAINT [FK___AuditEntriesTruncateGuard_AuditEntries] FOREIGN KEY ([AuditEntryId]) REFERENCES [AuditEntries] ([Id]),
    CONSTRAINT [CK___AuditEntriesTruncateGuard_Empty] CHECK (1 = 0)
);
-- batch
CREATE TRIGGER [TR_AuditEntries_NoUpdateDelete] ON [AuditEntries] INSTEAD OF UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    THROW 51000, N'AuditEntries is append-only', 1;
END;
