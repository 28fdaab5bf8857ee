-- V0012: fiscal year end, chuyển nguồn (issue 16, ADR 0015); the same change as PostgreSql/V0012 and SqlServer/V0012.
-- * Vouchers: the fiscal year whose budget pays the voucher. Every existing voucher is paid by its program's year (no
--   commitment was ever carried over before this version). Its index (program, budget year) serves the program's foreign
--   key too, so the index on the program alone goes.
-- * LedgerAccounts: a program now has accounts in more than one year (its own, and each year a decision carried one of its
--   commitments into), so a program account is unique per program, fiscal year and code. The new codes (CarriedForward,
--   BroughtForward) and transfer kinds (CarryOverRelease, CarryForward, BringForward) are stored as text: no column changes.
ALTER TABLE "Vouchers" ADD COLUMN "BudgetYear" INTEGER NOT NULL DEFAULT 0;
UPDATE "Vouchers" SET "BudgetYear" = "FiscalYear";
CREATE INDEX "IX_Vouchers_ProgramId_BudgetYear" ON "Vouchers" ("ProgramId", "BudgetYear");
DROP INDEX "IX_Vouchers_ProgramId";
DROP INDEX "IX_LedgerAccounts_ProgramId_Code";
CREATE UNIQUE INDEX "IX_LedgerAccounts_ProgramId_FiscalYear_Code" ON "LedgerAccounts" ("ProgramId", "FiscalYear", "Code") WHERE "ProgramId" IS NOT NULL;
