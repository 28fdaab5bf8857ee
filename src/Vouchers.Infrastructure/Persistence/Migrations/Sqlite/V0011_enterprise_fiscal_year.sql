-- V0011: the enterprise's size declared per fiscal year (issue 16); the same change as PostgreSql/V0011 and SqlServer/V0011.
-- * Enterprises: the fiscal year whose figures the current profile declares. Profiles declared before this version are
--   taken as declared for the year (in Vietnam) they were last changed in; each year's declaration stays in the recorded
--   profile changes (their JSON "Proposed" gains "FiscalYear"; older ones have none, read as that of their date).
ALTER TABLE "Enterprises" ADD COLUMN "ProfileFiscalYear" INTEGER NULL;
UPDATE "Enterprises" SET "ProfileFiscalYear" = CAST(strftime('%Y', substr("UpdatedAt", 1, 19), '+7 hours') AS INTEGER);
