-- V0003: the audit trail (issue 3). Append-only in the database too: updates and deletes are refused by triggers,
-- whoever sends them (the application already refuses them in VouchersDbContext).
CREATE TABLE "AuditEntries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY,
    "At" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "SubjectName" TEXT NULL,
    "Roles" TEXT NULL,
    "ActingRole" TEXT NULL,
    "TaxCode" TEXT NULL,
    "ProviderId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "ObjectType" TEXT NULL,
    "ObjectId" TEXT NULL,
    "Method" TEXT NULL,
    "Path" TEXT NULL,
    "ClientAddress" TEXT NULL,
    "Outcome" TEXT NOT NULL,
    "StatusCode" INTEGER NULL,
    "ReasonCode" TEXT NULL,
    "Reason" TEXT NULL,
    "CorrelationId" TEXT NOT NULL,
    "IdempotencyKey" TEXT NULL
);
CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");
CREATE INDEX "IX_AuditEntries_ObjectId" ON "AuditEntries" ("ObjectId");
CREATE INDEX "IX_AuditEntries_Subject_At" ON "AuditEntries" ("Subject", "At");
CREATE TRIGGER "TR_AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
BEGIN SELECT RAISE(ABORT, 'AuditEntries is append-only'); END;
CREATE TRIGGER "TR_AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
BEGIN SELECT RAISE(ABORT, 'AuditEntries is append-only'); END;
