-- V0007: the money rules a hostile user could bend (docs/threat-model.md); the same change as PostgreSql/V0007.
CREATE TABLE "EnterpriseProfileChanges" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EnterpriseProfileChanges" PRIMARY KEY,
    "EnterpriseId" TEXT NOT NULL,
    "TaxCode" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "DeclaredBy" TEXT NOT NULL,
    "Changes" TEXT NOT NULL,
    "Proposed" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "DecisionNote" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_EnterpriseProfileChanges_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_EnterpriseProfileChanges_EnterpriseId_At" ON "EnterpriseProfileChanges" ("EnterpriseId", "At");
CREATE INDEX "IX_EnterpriseProfileChanges_Status_At" ON "EnterpriseProfileChanges" ("Status", "At");
CREATE INDEX "IX_EnterpriseProfileChanges_TaxCode_At" ON "EnterpriseProfileChanges" ("TaxCode", "At");

ALTER TABLE "Enterprises" ADD COLUMN "PendingProfileChangeId" TEXT NULL;

ALTER TABLE "Programs" ADD COLUMN "MinimumSupport" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Programs" ADD COLUMN "PriceMarginPercent" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Vouchers" ADD COLUMN "HeadOfficeTaxCode" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Vouchers" ADD COLUMN "Eligibility" TEXT NULL;
ALTER TABLE "Vouchers" ADD COLUMN "PriceCeiling" INTEGER NULL;
UPDATE "Vouchers" SET "HeadOfficeTaxCode" = substr("EnterpriseTaxCode", 1, 10);
CREATE INDEX "IX_Vouchers_HeadOfficeTaxCode_ProgramId" ON "Vouchers" ("HeadOfficeTaxCode", "ProgramId");
