-- V0008: provinces as tenants (docs/decisions/0014).
-- * Vouchers: the province of the program (whose officers see and decide the voucher), filled in for existing rows.
-- * AuditEntries: the province whose trail a line joins. Lines written before this version stay without one (the trail
--   is append-only: its trigger refuses UPDATE), so only the national scope reads them.
ALTER TABLE "Vouchers" ADD COLUMN "ProvinceCode" character varying(40) NOT NULL DEFAULT '';
UPDATE "Vouchers" v SET "ProvinceCode" = p."ProvinceCode" FROM "Programs" p WHERE p."Id" = v."ProgramId";
CREATE INDEX "IX_Vouchers_ProvinceCode_Status" ON "Vouchers" ("ProvinceCode", "Status");

ALTER TABLE "AuditEntries" ADD COLUMN "ProvinceCode" character varying(40);
CREATE INDEX "IX_AuditEntries_ProvinceCode_At" ON "AuditEntries" ("ProvinceCode", "At");
