-- V0010: programs amended and closed by a finance decision (issue 16); the same change as PostgreSql/V0010 and SqlServer/V0010.
-- * Programs: the last finance decision that amended an open program (top-up, reduction, window, validity) and the one
--   that closed it, who recorded the closure and when. The money itself moves in the ledger (EnvelopeTopUp,
--   EnvelopeReduction, EnvelopeReturn transfers; the kinds are stored as text, so no column changes). Existing programs
--   were never amended nor closed: every column is null. ADD COLUMN appends, so the model declares the properties last.
ALTER TABLE "Programs" ADD COLUMN "AmendmentDecisionNumber" TEXT NULL;
ALTER TABLE "Programs" ADD COLUMN "AmendmentDecisionDate" TEXT NULL;
ALTER TABLE "Programs" ADD COLUMN "ClosureDecisionNumber" TEXT NULL;
ALTER TABLE "Programs" ADD COLUMN "ClosureDecisionDate" TEXT NULL;
ALTER TABLE "Programs" ADD COLUMN "ClosedBy" TEXT NULL;
ALTER TABLE "Programs" ADD COLUMN "ClosedAt" TEXT NULL;
