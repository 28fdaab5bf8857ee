-- V0008: provinces as tenants (docs/decisions/0014); the same change as Sqlite/V0008 and PostgreSql/V0008.
-- * Vouchers: the province of the program (whose officers see and decide the voucher), filled in for existing rows
--   (in a batch of its own: T-SQL compiles a batch before it runs, and the column does not exist yet).
-- * AuditEntries: the province whose trail a line joins. Lines written before this version stay without one (the trail
--   is append-only: its trigger refuses UPDATE), so only the national scope reads them.
ALTER TABLE [Vouchers] ADD [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NOT NULL DEFAULT N'';
ALTER TABLE [AuditEntries] ADD [ProvinceCode] nvarchar(40) COLLATE Latin1_General_100_BIN2 NULL;
-- batch
UPDATE v SET [ProvinceCode] = p.[ProvinceCode] FROM [Vouchers] v JOIN [Programs] p ON p.[Id] = v.[ProgramId];
CREATE INDEX [IX_Vouchers_ProvinceCode_Status] ON [Vouchers] ([ProvinceCode], [Status]);
CREATE INDEX [IX_AuditEntries_ProvinceCode_At] ON [AuditEntries] ([ProvinceCode], [At]);
