-- V0003: the audit trail (issue 3). Append-only in the database too: updates, deletes and truncation are refused
-- by triggers, whoever sends them (the application already refuses them in VouchersDbContext).
CREATE TABLE "AuditEntries" (
    "Id" uuid NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "Subject" character varying(200) NOT NULL,
    "SubjectName" character varying(200),
    "Roles" character varying(200),
    "ActingRole" character varying(40),
    "TaxCode" character varying(14),
    "ProviderId" uuid,
    "Action" character varying(100) NOT NULL,
    "ObjectType" character varying(40),
    "ObjectId" character varying(100),
    "Method" character varying(10),
    "Path" character varying(300),
    "ClientAddress" character varying(64),
    "Outcome" character varying(40) NOT NULL,
    "StatusCode" integer,
    "ReasonCode" character varying(100),
    "Reason" character varying(1000),
    "CorrelationId" uuid NOT NULL,
    "IdempotencyKey" character varying(100),
    CONSTRAINT "PK_AuditEntries" PRIMARY KEY ("Id")
);
CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");
CREATE INDEX "IX_AuditEntries_ObjectId" ON "AuditEntries" ("ObjectId");
CREATE INDEX "IX_AuditEntries_Subject_At" ON "AuditEntries" ("Subject", "At");
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditEntries is append-only';
END;
$$;
CREATE TRIGGER "TR_AuditEntries_NoUpdateDelete" BEFORE UPDATE OR DELETE ON "AuditEntries"
    FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();
CREATE TRIGGER "TR_AuditEntries_NoTruncate" BEFORE TRUNCATE ON "AuditEntries"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();
