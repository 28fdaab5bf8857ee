-- V0010: programs amended and closed by a finance decision (issue 16); the same change as Sqlite/V0010 and PostgreSql/V0010.
-- * Programs: the last finance decision that amended an open program (top-up, reduction, window, validity) and the one
--   that closed it, who recorded the closure and when. The money itself moves in the ledger (EnvelopeTopUp,
--   EnvelopeReduction, EnvelopeReturn transfers; the kinds are stored as text, so no column changes). Existing programs
--   were never amended nor closed: every column is null.
ALTER TABLE [Programs] ADD [AmendmentDecisionNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE [Programs] ADD [AmendmentDecisionDate] date NULL;
ALTER TABLE [Programs] ADD [ClosureDecisionNumber] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE [Programs] ADD [ClosureDecisionDate] date NULL;
ALTER TABLE [Programs] ADD [ClosedBy] nvarchar(200) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE [Programs] ADD [ClosedAt] datetime2 NULL;
