-- V0005: the seal chain (docs/ledger-integrity.md). Every ledger transfer, budget decision and voucher transition
-- gets a link in the transaction that writes it: Hash = SHA-256("VCH1" ‖ PreviousHash ‖ ContentHash). Records
-- written before this migration are sealed once, in execution order, by the service when it applies V0005.
-- Checkpoints are signed statements of the chain head at a height, published for auditors and the public.
CREATE TABLE "ChainLinks" (
    "Height" INTEGER NOT NULL CONSTRAINT "PK_ChainLinks" PRIMARY KEY,
    "Kind" INTEGER NOT NULL,
    "RecordId" TEXT NOT NULL,
    "RecordSequence" INTEGER NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "PreviousHash" BLOB NOT NULL,
    "Hash" BLOB NOT NULL
);
CREATE UNIQUE INDEX "IX_ChainLinks_Kind_RecordId_RecordSequence" ON "ChainLinks" ("Kind", "RecordId", "RecordSequence");
CREATE TABLE "ChainCheckpoints" (
    "Number" INTEGER NOT NULL CONSTRAINT "PK_ChainCheckpoints" PRIMARY KEY,
    "Height" INTEGER NOT NULL,
    "Hash" BLOB NOT NULL,
    "At" TEXT NOT NULL,
    "KeyId" TEXT NOT NULL,
    "Signature" BLOB NOT NULL
);
CREATE UNIQUE INDEX "IX_ChainCheckpoints_Height" ON "ChainCheckpoints" ("Height");
