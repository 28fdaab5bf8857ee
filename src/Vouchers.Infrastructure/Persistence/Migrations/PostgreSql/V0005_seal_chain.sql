-- V0005: the seal chain (docs/ledger-integrity.md). Every ledger transfer, budget decision and voucher transition
-- gets a link in the transaction that writes it: Hash = SHA-256("VCH1" ‖ PreviousHash ‖ ContentHash). Records
-- written before this migration are sealed once, in execution order, by the service when it applies V0005.
-- Checkpoints are signed statements of the chain head at a height, published for auditors and the public.
CREATE TABLE "ChainLinks" (
    "Height" bigint NOT NULL,
    "Kind" integer NOT NULL,
    "RecordId" uuid NOT NULL,
    "RecordSequence" integer NOT NULL,
    "ContentHash" bytea NOT NULL,
    "PreviousHash" bytea NOT NULL,
    "Hash" bytea NOT NULL,
    CONSTRAINT "PK_ChainLinks" PRIMARY KEY ("Height")
);
CREATE UNIQUE INDEX "IX_ChainLinks_Kind_RecordId_RecordSequence" ON "ChainLinks" ("Kind", "RecordId", "RecordSequence");
CREATE TABLE "ChainCheckpoints" (
    "Number" bigint NOT NULL,
    "Height" bigint NOT NULL,
    "Hash" bytea NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "KeyId" character varying(16) NOT NULL,
    "Signature" bytea NOT NULL,
    CONSTRAINT "PK_ChainCheckpoints" PRIMARY KEY ("Number")
);
CREATE UNIQUE INDEX "IX_ChainCheckpoints_Height" ON "ChainCheckpoints" ("Height");
