-- V0009: the life of providers (issue 16); the same change as PostgreSql/V0009 and SqlServer/V0009.
-- * ProviderAccreditations: per province; the home one moved from the provider's own columns, which are dropped.
-- * ProviderPriceLists: every version of the services and list prices; existing lists become version 1.
-- * Providers: PriceListVersion (the current list's) and ChangedAt (last change of an accreditation or the price list).
CREATE TABLE "ProviderAccreditations" (
    "ProvinceCode" TEXT NOT NULL,
    "ProviderId" TEXT NOT NULL,
    "Number" TEXT NOT NULL,
    "ValidFrom" TEXT NOT NULL,
    "ValidUntil" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "DecisionNumber" TEXT NULL,
    "DecisionDate" TEXT NULL,
    "ChangedAt" TEXT NOT NULL,
    CONSTRAINT "PK_ProviderAccreditations" PRIMARY KEY ("ProviderId", "ProvinceCode"),
    CONSTRAINT "FK_ProviderAccreditations_Providers_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "Providers" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_ProviderAccreditations_ProvinceCode_Status" ON "ProviderAccreditations" ("ProvinceCode", "Status");
INSERT INTO "ProviderAccreditations" ("ProvinceCode", "ProviderId", "Number", "ValidFrom", "ValidUntil", "Status", "ChangedAt")
SELECT "ProvinceCode", "Id", "AccreditationNumber", "AccreditedFrom", "AccreditedUntil", "AccreditationStatus", "RegisteredAt" FROM "Providers";

CREATE TABLE "ProviderPriceLists" (
    "Version" INTEGER NOT NULL,
    "ProviderId" TEXT NOT NULL,
    "Services" TEXT NOT NULL,
    "EffectiveAt" TEXT NOT NULL,
    CONSTRAINT "PK_ProviderPriceLists" PRIMARY KEY ("ProviderId", "Version"),
    CONSTRAINT "FK_ProviderPriceLists_Providers_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "Providers" ("Id") ON DELETE CASCADE
);
INSERT INTO "ProviderPriceLists" ("Version", "ProviderId", "Services", "EffectiveAt") SELECT 1, "Id", "Services", "RegisteredAt" FROM "Providers";

ALTER TABLE "Providers" DROP COLUMN "AccreditationNumber";
ALTER TABLE "Providers" DROP COLUMN "AccreditedFrom";
ALTER TABLE "Providers" DROP COLUMN "AccreditedUntil";
ALTER TABLE "Providers" DROP COLUMN "AccreditationStatus";
ALTER TABLE "Providers" ADD COLUMN "PriceListVersion" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Providers" ADD COLUMN "ChangedAt" TEXT NULL;
