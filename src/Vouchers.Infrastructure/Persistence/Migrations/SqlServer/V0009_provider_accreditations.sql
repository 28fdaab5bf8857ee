-- V0009: the life of providers (issue 16); the same change as Sqlite/V0009 and PostgreSql/V0009.
-- * ProviderAccreditations: per province; the home one moved from the provider's own columns, which are dropped.
-- * ProviderPriceLists: every version of the services and list prices; existing lists become version 1.
-- * Providers: PriceListVersion (the current list's) and ChangedAt (last change of an accreditation or the price list).
-- The copies run in a batch after the tables exist and the drops in one after the copies (T-SQL compiles a batch before it runs).
CREATE TABLE [ProviderAccreditations] (
    [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ProviderId] uniqueidentifier NOT NULL,
    [Number] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ValidFrom] date NOT NULL,
    [ValidUntil] date NOT NULL,
    [Status] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Reason] nvarchar(2000) COLLATE Latin1_General_100_BIN2 NULL,
    [DecisionNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    [DecisionDate] date NULL,
    [ChangedAt] datetime2 NOT NULL,
    CONSTRAINT [PK_ProviderAccreditations] PRIMARY KEY ([ProviderId], [ProvinceCode]),
    CONSTRAINT [FK_ProviderAccreditations_Providers_ProviderId] FOREIGN KEY ([ProviderId]) REFERENCES [Providers] ([Id]) ON DELETE CASCADE
);
CREATE INDEX [IX_ProviderAccreditations_ProvinceCode_Status] ON [ProviderAccreditations] ([ProvinceCode], [Status]);
CREATE TABLE [ProviderPriceLists] (
    [Version] int NOT NULL,
    [ProviderId] uniqueidentifier NOT NULL,
    [Services] nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [EffectiveAt] datetime2 NOT NULL,
    CONSTRAINT [PK_ProviderPriceLists] PRIMARY KEY ([ProviderId], [Version]),
    CONSTRAINT [FK_ProviderPriceLists_Providers_ProviderId] FOREIGN KEY ([ProviderId]) REFERENCES [Providers] ([Id]) ON DELETE CASCADE
);
-- batch
INSERT INTO [ProviderAccreditations] ([ProvinceCode], [ProviderId], [Number], [ValidFrom], [ValidUntil], [Status], [ChangedAt])
SELECT [ProvinceCode], [Id], [AccreditationNumber], [AccreditedFrom], [AccreditedUntil], [AccreditationStatus], [RegisteredAt] FROM [Providers];
INSERT INTO [ProviderPriceLists] ([Version], [ProviderId], [Services], [EffectiveAt]) SELECT 1, [Id], [Services], [RegisteredAt] FROM [Providers];
-- batch
ALTER TABLE [Providers] DROP COLUMN [AccreditationNumber];
ALTER TABLE [Providers] DROP COLUMN [AccreditedFrom];
ALTER TABLE [Providers] DROP COLUMN [AccreditedUntil];
ALTER TABLE [Providers] DROP COLUMN [AccreditationStatus];
ALTER TABLE [Providers] ADD [PriceListVersion] int NOT NULL DEFAULT 1;
ALTER TABLE [Providers] ADD [ChangedAt] datetime2 NULL;
