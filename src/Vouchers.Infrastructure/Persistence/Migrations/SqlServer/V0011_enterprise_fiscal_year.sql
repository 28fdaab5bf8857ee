-- V0011: the enterprise's size declared per fiscal year (issue 16); the same change as Sqlite/V0011 and PostgreSql/V0011.
-- * Enterprises: the fiscal year whose figures the current profile declares. Profiles declared before this version are
--   taken as declared for the year (in Vietnam, UTC+7) they were last changed in (in a batch of its own: T-SQL compiles a
--   batch before it runs, and the column does not exist yet); each year's declaration stays in the recorded profile
--   changes (their JSON "Proposed" gains "FiscalYear"; older ones have none, read as that of their date).
ALTER TABLE [Enterprises] ADD [ProfileFiscalYear] int NULL;
-- batch
UPDATE [Enterprises] SET [ProfileFiscalYear] = DATEPART(year, DATEADD(hour, 7, [UpdatedAt]));
