-- V0007: the money rules a hostile user could bend (docs/threat-model.md).
-- * Enterprises: every declared profile change is kept with its old and new values; a change of province or size
--   class made while applications or vouchers are open waits for a reviewer (PendingProfileChangeId).
-- * Programs: the smallest support a redemption may fix and the margin a contract may exceed the list price by
--   (existing programs: no minimum beyond zero, no margin).
-- * Vouchers: the applicant's head-office tax code (caps and four eyes count per enterprise, branches included;
--   filled in for existing vouchers), the profile it applied under (null for older vouchers), and the contract
--   ceiling its redemption was held to. ADD COLUMN appends, so the model declares the new properties last.
CREATE TABLE "EnterpriseProfileChanges" (
    "Id" uuid NOT NULL,
    "EnterpriseId" uuid NOT NULL,
    "TaxCode" character varying(14) NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "DeclaredBy" character varying(200) NOT NULL,
    "Changes" character varying(8000) NOT NULL,
    "Proposed" character varying(4000) NOT NULL,
    "Status" character varying(64) NOT NULL,
    "DecidedBy" character varying(200),
    "DecidedAt" timestamp with time zone,
    "DecisionNote" character varying(2000),
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_EnterpriseProfileChanges" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_EnterpriseProfileChanges_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_EnterpriseProfileChanges_EnterpriseId_At" ON "EnterpriseProfileChanges" ("EnterpriseId", "At");
CREATE INDEX "IX_EnterpriseProfileChanges_Status_At" ON "EnterpriseProfileChanges" ("Status", "At");
CREATE INDEX "IX_EnterpriseProfileChanges_TaxCode_At" ON "EnterpriseProfileChanges" ("TaxCode", "At");

ALTER TABLE "Enterprises" ADD COLUMN "PendingProfileChangeId" uuid;

ALTER TABLE "Programs" ADD COLUMN "MinimumSupport" bigint NOT NULL DEFAULT 0;
ALTER TABLE "Programs" ADD COLUMN "PriceMarginPercent" integer NOT NULL DEFAULT 0;

ALTER TABLE "Vouchers" ADD COLUMN "HeadOfficeTaxCode" character varying(10) NOT NULL DEFAULT '';
ALTER TABLE "Vouchers" ADD COLUMN "Eligibility" character varying(4000);
ALTER TABLE "Vouchers" ADD COLUMN "PriceCeiling" bigint;
UPDATE "Vouchers" SET "HeadOfficeTaxCode" = substr("EnterpriseTaxCode", 1, 10);
CREATE INDEX "IX_Vouchers_HeadOfficeTaxCode_ProgramId" ON "Vouchers" ("HeadOfficeTaxCode", "ProgramId");
