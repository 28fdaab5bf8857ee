-- V0014: the web pages' data-protection key ring (issue 17), shared by every instance through the database; the same
-- change as Sqlite/V0014 and PostgreSql/V0014. The keys protect sign-in cookies and antiforgery tokens.
CREATE TABLE [DataProtectionKeys] (
    [Id] int NOT NULL IDENTITY,
    [FriendlyName] nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL,
    [Xml] nvarchar(max) COLLATE Latin1_General_100_BIN2 NULL,
    CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
);
