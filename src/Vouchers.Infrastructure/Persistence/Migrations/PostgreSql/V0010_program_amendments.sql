-- V0010: programs amended and closed by a finance decision (issue 16).
-- * Programs: the last finance decision that amended an open program (top-up, reduction, window, validity) and the one
--   that closed it, who recorded the closure and when. The money itself moves in the ledger (EnvelopeTopUp,
--   EnvelopeReduction, EnvelopeReturn transfers; the kinds are stored as text, so no column changes). Existing programs
--   were never amended nor closed: every column is null. ADD COLUMN appends, so the model declares the properties last.
ALTER TABLE "Programs" ADD COLUMN "AmendmentDecisionNumber" character varying(100);
ALTER TABLE "Programs" ADD COLUMN "AmendmentDecisionDate" date;
ALTER TABLE "Programs" ADD COLUMN "ClosureDecisionNumber" character varying(100);
ALTER TABLE "Programs" ADD COLUMN "ClosureDecisionDate" date;
ALTER TABLE "Programs" ADD COLUMN "ClosedBy" character varying(200);
ALTER TABLE "Programs" ADD COLUMN "ClosedAt" timestamp with time zone;
