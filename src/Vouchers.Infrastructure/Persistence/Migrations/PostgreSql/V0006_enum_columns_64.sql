-- V0006: enum columns widened from 40 to 64 characters. A stored enum is its name, and 'AgricultureForestryFisheryIndustryConstruction'
-- (46) did not fit: PostgreSQL refused every enterprise of that sector group, which SQLite (no length check) had accepted.
-- A flags enum may also store several names ('DebitsMustNotExceedCredits, CreditsMustNotExceedDebits', 54).
ALTER TABLE "AuditEntries" ALTER COLUMN "Outcome" TYPE character varying(64);
ALTER TABLE "Enterprises" ALTER COLUMN "SectorGroup" TYPE character varying(64);
ALTER TABLE "Enterprises" ALTER COLUMN "Sector" TYPE character varying(64);
ALTER TABLE "Enterprises" ALTER COLUMN "SizeClass" TYPE character varying(64);
ALTER TABLE "Funds" ALTER COLUMN "Kind" TYPE character varying(64);
ALTER TABLE "IdempotencyRecords" ALTER COLUMN "Status" TYPE character varying(64);
ALTER TABLE "Providers" ALTER COLUMN "Kind" TYPE character varying(64);
ALTER TABLE "Providers" ALTER COLUMN "AccreditationStatus" TYPE character varying(64);
ALTER TABLE "LedgerAccounts" ALTER COLUMN "Code" TYPE character varying(64);
ALTER TABLE "LedgerAccounts" ALTER COLUMN "Flags" TYPE character varying(64);
ALTER TABLE "Programs" ALTER COLUMN "FundKind" TYPE character varying(64);
ALTER TABLE "Programs" ALTER COLUMN "Status" TYPE character varying(64);
ALTER TABLE "LedgerTransfers" ALTER COLUMN "Kind" TYPE character varying(64);
ALTER TABLE "LedgerTransfers" ALTER COLUMN "Phase" TYPE character varying(64);
ALTER TABLE "Vouchers" ALTER COLUMN "SizeClass" TYPE character varying(64);
ALTER TABLE "Vouchers" ALTER COLUMN "ServiceKind" TYPE character varying(64);
ALTER TABLE "Vouchers" ALTER COLUMN "Status" TYPE character varying(64);
ALTER TABLE "VoucherTransitions" ALTER COLUMN "From" TYPE character varying(64);
ALTER TABLE "VoucherTransitions" ALTER COLUMN "To" TYPE character varying(64);
ALTER TABLE "VoucherTransitions" ALTER COLUMN "Trigger" TYPE character varying(64);
