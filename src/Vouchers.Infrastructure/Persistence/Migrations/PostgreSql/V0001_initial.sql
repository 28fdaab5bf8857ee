-- V0001: initial schema (generated from the EF model with 'dotnet run --project src/Vouchers.Api -- schema postgresql', then reviewed)
CREATE TABLE "Enterprises" (
    "Id" uuid NOT NULL,
    "TaxCode" character varying(14) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "ProvinceCode" character varying(40) NOT NULL,
    "CommuneWard" character varying(200) NOT NULL,
    "SectorGroup" character varying(40) NOT NULL,
    "Sector" character varying(40) NOT NULL,
    "AverageInsuredEmployees" integer NOT NULL,
    "AnnualRevenue" bigint NOT NULL,
    "TotalCapital" bigint NOT NULL,
    "SizeClass" character varying(40) NOT NULL,
    "IsDemo" boolean NOT NULL,
    "RegisteredAt" timestamp with time zone NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_Enterprises" PRIMARY KEY ("Id")
);


CREATE TABLE "Funds" (
    "Id" uuid NOT NULL,
    "ProvinceCode" character varying(40) NOT NULL,
    "Kind" character varying(40) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "IsDemo" boolean NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Funds" PRIMARY KEY ("Id")
);


CREATE TABLE "IdempotencyRecords" (
    "Scope" character varying(200) NOT NULL,
    "Key" character varying(100) NOT NULL,
    "RequestHash" character varying(64) NOT NULL,
    "Status" character varying(40) NOT NULL,
    "ResponseStatus" integer,
    "ResponseBody" text,
    "CreatedAt" timestamp with time zone NOT NULL,
    "LockedUntil" timestamp with time zone NOT NULL,
    "CompletedAt" timestamp with time zone,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY ("Scope", "Key")
);


CREATE TABLE "Providers" (
    "Id" uuid NOT NULL,
    "TaxCode" character varying(14) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "Kind" character varying(40) NOT NULL,
    "ProvinceCode" character varying(40) NOT NULL,
    "AccreditationNumber" character varying(100) NOT NULL,
    "AccreditedFrom" date NOT NULL,
    "AccreditedUntil" date NOT NULL,
    "AccreditationStatus" character varying(40) NOT NULL,
    "Services" character varying(8000) NOT NULL,
    "IsDemo" boolean NOT NULL,
    "RegisteredAt" timestamp with time zone NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_Providers" PRIMARY KEY ("Id")
);


CREATE TABLE "BudgetAllocations" (
    "Id" uuid NOT NULL,
    "FundId" uuid NOT NULL,
    "FiscalYear" integer NOT NULL,
    "Amount" bigint NOT NULL,
    "DecisionNumber" character varying(100) NOT NULL,
    "DecisionDate" date NOT NULL,
    "TransferId" uuid NOT NULL,
    "RecordedBy" character varying(200) NOT NULL,
    "RecordedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_BudgetAllocations" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_BudgetAllocations_Funds_FundId" FOREIGN KEY ("FundId") REFERENCES "Funds" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "LedgerAccounts" (
    "Id" uuid NOT NULL,
    "Code" character varying(40) NOT NULL,
    "Flags" character varying(40) NOT NULL,
    "FundId" uuid NOT NULL,
    "FiscalYear" integer NOT NULL,
    "ProgramId" uuid,
    "Name" character varying(300) NOT NULL,
    "DebitsPending" bigint NOT NULL,
    "DebitsPosted" bigint NOT NULL,
    "CreditsPending" bigint NOT NULL,
    "CreditsPosted" bigint NOT NULL,
    "Version" bigint NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_LedgerAccounts" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_LedgerAccounts_Funds_FundId" FOREIGN KEY ("FundId") REFERENCES "Funds" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Programs" (
    "Id" uuid NOT NULL,
    "Code" character varying(40) NOT NULL,
    "FundId" uuid NOT NULL,
    "ProvinceCode" character varying(40) NOT NULL,
    "FundKind" character varying(40) NOT NULL,
    "FiscalYear" integer NOT NULL,
    "Name" character varying(300) NOT NULL,
    "Envelope" bigint NOT NULL,
    "EligibleServiceKinds" character varying(8000) NOT NULL,
    "EligibleProviderKinds" character varying(8000) NOT NULL,
    "EligibleSectors" character varying(8000) NOT NULL,
    "SupportRate" integer NOT NULL,
    "Caps" character varying(8000) NOT NULL,
    "VoucherValidityDays" integer NOT NULL,
    "ApplicationOpens" date NOT NULL,
    "ApplicationCloses" date NOT NULL,
    "Status" character varying(40) NOT NULL,
    "EnvelopeDecisionNumber" character varying(100),
    "EnvelopeDecisionDate" date,
    "EnvelopeApprovedBy" character varying(200),
    "BudgetAccountId" uuid,
    "PayableAccountId" uuid,
    "DisbursedAccountId" uuid,
    "IsDemo" boolean NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_Programs" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Programs_Funds_FundId" FOREIGN KEY ("FundId") REFERENCES "Funds" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "LedgerTransfers" (
    "Id" uuid NOT NULL,
    "DebitAccountId" uuid NOT NULL,
    "CreditAccountId" uuid NOT NULL,
    "Amount" bigint NOT NULL,
    "Kind" character varying(40) NOT NULL,
    "Phase" character varying(40) NOT NULL,
    "PendingId" uuid,
    "CorrelationId" uuid NOT NULL,
    "Reference" character varying(100),
    "Reason" character varying(2000),
    "VoucherId" uuid,
    "ProviderId" uuid,
    "Timestamp" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_LedgerTransfers" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_LedgerTransfers_LedgerAccounts_CreditAccountId" FOREIGN KEY ("CreditAccountId") REFERENCES "LedgerAccounts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LedgerTransfers_LedgerAccounts_DebitAccountId" FOREIGN KEY ("DebitAccountId") REFERENCES "LedgerAccounts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Vouchers" (
    "Id" uuid NOT NULL,
    "Code" character varying(20) NOT NULL,
    "ProgramId" uuid NOT NULL,
    "EnterpriseId" uuid NOT NULL,
    "EnterpriseTaxCode" character varying(14) NOT NULL,
    "SizeClass" character varying(40) NOT NULL,
    "FiscalYear" integer NOT NULL,
    "ServiceKind" character varying(40) NOT NULL,
    "Purpose" character varying(2000) NOT NULL,
    "RequestedAmount" bigint NOT NULL,
    "Status" character varying(40) NOT NULL,
    "SubmittedAt" timestamp with time zone NOT NULL,
    "FaceValue" bigint,
    "ValidUntil" date,
    "IssuedAt" timestamp with time zone,
    "CommitmentTransferId" uuid,
    "ProviderId" uuid,
    "ContractNumber" character varying(100),
    "ContractValue" bigint,
    "SupportAmount" bigint,
    "CoPayment" bigint,
    "RedeemedAt" timestamp with time zone,
    "DeliveryNote" character varying(2000),
    "AcceptedAmount" bigint,
    "AcceptanceDecisionNumber" character varying(100),
    "EInvoiceNumber" character varying(50),
    "PaymentReference" character varying(100),
    "ClawedBackAmount" bigint,
    "IsDemo" boolean NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_Vouchers" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_Vouchers_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Vouchers_Programs_ProgramId" FOREIGN KEY ("ProgramId") REFERENCES "Programs" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Vouchers_Providers_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "Providers" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "VoucherTransitions" (
    "VoucherId" uuid NOT NULL,
    "Sequence" integer NOT NULL,
    "From" character varying(40),
    "To" character varying(40) NOT NULL,
    "Trigger" character varying(40),
    "ActorSubject" character varying(200) NOT NULL,
    "ActorRole" character varying(40) NOT NULL,
    "At" timestamp with time zone NOT NULL,
    "Reason" character varying(2000),
    "TransferId" uuid,
    CONSTRAINT "PK_VoucherTransitions" PRIMARY KEY ("VoucherId", "Sequence"),
    CONSTRAINT "FK_VoucherTransitions_Vouchers_VoucherId" FOREIGN KEY ("VoucherId") REFERENCES "Vouchers" ("Id") ON DELETE CASCADE
);


CREATE UNIQUE INDEX "IX_BudgetAllocations_FundId_DecisionNumber" ON "BudgetAllocations" ("FundId", "DecisionNumber");


CREATE UNIQUE INDEX "IX_BudgetAllocations_TransferId" ON "BudgetAllocations" ("TransferId");


CREATE UNIQUE INDEX "IX_Enterprises_TaxCode" ON "Enterprises" ("TaxCode");


CREATE UNIQUE INDEX "IX_Funds_ProvinceCode_Kind" ON "Funds" ("ProvinceCode", "Kind");


CREATE UNIQUE INDEX "IX_LedgerAccounts_FundId_FiscalYear_Code" ON "LedgerAccounts" ("FundId", "FiscalYear", "Code") WHERE "ProgramId" IS NULL;


CREATE UNIQUE INDEX "IX_LedgerAccounts_ProgramId_Code" ON "LedgerAccounts" ("ProgramId", "Code") WHERE "ProgramId" IS NOT NULL;


CREATE INDEX "IX_LedgerTransfers_CreditAccountId" ON "LedgerTransfers" ("CreditAccountId");


CREATE INDEX "IX_LedgerTransfers_DebitAccountId" ON "LedgerTransfers" ("DebitAccountId");


CREATE UNIQUE INDEX "IX_LedgerTransfers_PendingId" ON "LedgerTransfers" ("PendingId") WHERE "PendingId" IS NOT NULL;


CREATE INDEX "IX_LedgerTransfers_Timestamp" ON "LedgerTransfers" ("Timestamp");


CREATE INDEX "IX_LedgerTransfers_VoucherId" ON "LedgerTransfers" ("VoucherId");


CREATE UNIQUE INDEX "IX_Programs_Code" ON "Programs" ("Code");


CREATE INDEX "IX_Programs_FundId" ON "Programs" ("FundId");


CREATE INDEX "IX_Programs_ProvinceCode_Status" ON "Programs" ("ProvinceCode", "Status");


CREATE UNIQUE INDEX "IX_Providers_TaxCode" ON "Providers" ("TaxCode");


CREATE UNIQUE INDEX "IX_Vouchers_Code" ON "Vouchers" ("Code");


CREATE UNIQUE INDEX "IX_Vouchers_CommitmentTransferId" ON "Vouchers" ("CommitmentTransferId") WHERE "CommitmentTransferId" IS NOT NULL;


CREATE INDEX "IX_Vouchers_EnterpriseId_ProgramId" ON "Vouchers" ("EnterpriseId", "ProgramId");


CREATE INDEX "IX_Vouchers_ProgramId" ON "Vouchers" ("ProgramId");


CREATE UNIQUE INDEX "IX_Vouchers_ProviderId_EInvoiceNumber" ON "Vouchers" ("ProviderId", "EInvoiceNumber") WHERE "EInvoiceNumber" IS NOT NULL;


CREATE INDEX "IX_Vouchers_Status_ValidUntil" ON "Vouchers" ("Status", "ValidUntil");


CREATE INDEX "IX_Vouchers_SubmittedAt" ON "Vouchers" ("SubmittedAt");



