-- V0012: fiscal year end, chuyển nguồn (issue 16, ADR 0015); the same change as Sqlite/V0012 and PostgreSql/V0012.
-- * Vouchers: the fiscal year whose budget pays the voucher. Every existing voucher is paid by its program's year (no
--   commitment was ever carried over before this version). Its index (program, budget year) serves the program's foreign
--   key too, so the index on the program alone goes; set in a batch of its own (T-SQL compiles a batch before it
--   runs, and the column does not exist yet).
-- * LedgerAccounts: a program now has accounts in more than one year (its own, and each year a decision carried one of its
--   commitments into), so a program account is unique per program, fiscal year and code. The new codes (CarriedForward,
--   BroughtForward) and transfer kinds (CarryOverRelease, CarryForward, BringForward) are stored as text: no column changes.
ALTER TABLE [Vouchers] ADD [BudgetYear] int NOT NULL DEFAULT 0;
-- batch
UPDATE [Vouchers] SET [BudgetYear] = [FiscalYear];
CREATE INDEX [IX_Vouchers_ProgramId_BudgetYear] ON [Vouchers] ([ProgramId], [BudgetYear]);
DROP INDEX [IX_Vouchers_ProgramId] ON [Vouchers];
DROP INDEX [IX_LedgerAccounts_ProgramId_Code] ON [LedgerAccounts];
CREATE UNIQUE INDEX [IX_LedgerAccounts_ProgramId_FiscalYear_Code] ON [LedgerAccounts] ([ProgramId], [FiscalYear], [Code]) WHERE "ProgramId" IS NOT NULL;
