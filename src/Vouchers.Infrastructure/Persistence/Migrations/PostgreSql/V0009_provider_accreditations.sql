-- V0009: the life of providers (issue 16).
-- * ProviderAccreditations: a provider is accredited per province and may serve several; each accreditation has its
--   number, validity, status (Active / Suspended / Revoked), the reason of its last suspension or reinstatement and the
--   decision. The home province's one is moved here from the provider's own columns, which are then dropped.
-- * ProviderPriceLists: every version of a provider's services and list prices (append-only); the provider keeps its
--   current one (Services) and its number (PriceListVersion). Existing lists become version 1, in effect from registration.
-- * Providers.ChangedAt: when an accreditation or the price list last changed (null for none since registration).
CREATE TABLE "ProviderAccreditations" (
    "ProvinceCode" character varying(40) NOT NULL,
    "ProviderId" uuid NOT NULL,
    "Number" character varying(100) NOT NULL,
    "ValidFrom" date NOT NULL,
    "ValidUntil" date NOT NULL,
    "Status" character varying(64) NOT NULL,
    "Reason" character varying(2000),
    "DecisionNumber" character varying(100),
    "DecisionDate" date,
    "ChangedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProviderAccreditations" PRIMARY KEY ("ProviderId", "ProvinceCode"),
    CONSTRAINT "FK_ProviderAccreditations_Providers_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "Providers" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_ProviderAccreditations_ProvinceCode_Status" ON "ProviderAccreditations" ("ProvinceCode", "Status");
INSERT INTO "ProviderAccreditations" ("ProvinceCode", "ProviderId", "Number", "ValidFrom", "ValidUntil", "Status", "ChangedAt")
SELECT "ProvinceCode", "Id", "AccreditationNumber", "AccreditedFrom", "AccreditedUntil", "AccreditationStatus", "RegisteredAt" FROM "Providers";

CREATE TABLE "ProviderPriceLists" (
    "Version" integer NOT NULL,
    "ProviderId" uuid NOT NULL,
    "Services" character varying(8000) NOT NULL,
    "EffectiveAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_ProviderPriceLists" PRIMARY KEY ("ProviderId", "Version"),
    CONSTRAINT "FK_ProviderPriceLists_Providers_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "Providers" ("Id") ON DELETE CASCADE
);
INSERT INTO "ProviderPriceLists" ("Version", "ProviderId", "Services", "EffectiveAt") SELECT 1, "Id", "Services", "RegisteredAt" FROM "Providers";

ALTER TABLE "Providers" DROP COLUMN "AccreditationNumber";
ALTER TABLE "Providers" DROP COLUMN "AccreditedFrom";
ALTER TABLE "Providers" DROP COLUMN "AccreditedUntil";
ALTER TABLE "Providers" DROP COLUMN "AccreditationStatus";
ALTER TABLE "Providers" ADD COLUMN "PriceListVersion" integer NOT NULL DEFAULT 1;
ALTER TABLE "Providers" ADD COLUMN "ChangedAt" timestamp with time zone;
