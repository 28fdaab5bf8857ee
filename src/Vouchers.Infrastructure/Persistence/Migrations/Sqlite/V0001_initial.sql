-- V0001: initial schema (generated from the EF model with 'dotnet run --project src/Vouchers.Api -- schema sqlite', then reviewed)
CREATE TABLE "Enterprises" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Enterprises" PRIMARY KEY,
    "TaxCode" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ProvinceCode" TEXT NOT NULL,
    "CommuneWard" TEXT NOT NULL,
    "SectorGroup" TEXT NOT NULL,
    "Sector" TEXT NOT NULL,
    "AverageInsuredEmployees" INTEGER NOT NULL,
    "AnnualRevenue" INTEGER NOT NULL,
    "TotalCapital" INTEGER NOT NULL,
    "SizeClass" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "RegisteredAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "Funds" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Funds" PRIMARY KEY,
    "ProvinceCode" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE TABLE "IdempotencyRecords" (
    "Scope" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "ResponseStatus" INTEGER NULL,
    "ResponseBody" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LockedUntil" TEXT NOT NULL,
    "CompletedAt" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY ("Scope", "Key")
);


CREATE TABLE "Providers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Providers" PRIMARY KEY,
    "TaxCode" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "ProvinceCode" TEXT NOT NULL,
    "AccreditationNumber" TEXT NOT NULL,
    "AccreditedFrom" TEXT NOT NULL,
    "AccreditedUntil" TEXT NOT NULL,
    "AccreditationStatus" TEXT NOT NULL,
    "Services" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "RegisteredAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "BudgetAllocations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_BudgetAllocations" PRIMARY KEY,
    "FundId" TEXT NOT NULL,
    "FiscalYear" INTEGER NOT NULL,
    "Amount" INTEGER NOT NULL,
    "DecisionNumber" TEXT NOT NULL,
    "DecisionDate" TEXT NOT NULL,
    "TransferId" TEXT NOT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_BudgetAllocations_Funds_FundId" FOREIGN KEY ("FundId") REFERENCES "Funds" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "LedgerAccounts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LedgerAccounts" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "Flags" TEXT NOT NULL,
    "FundId" TEXT NOT NULL,
    "FiscalYear" INTEGER NOT NULL,
    "ProgramId" TEXT NULL,
    "Name" TEXT NOT NULL,
    "DebitsPending" INTEGER NOT NULL,
    "DebitsPosted" INTEGER NOT NULL,
    "CreditsPending" INTEGER NOT NULL,
    "CreditsPosted" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_LedgerAccounts_Funds_FundId" FOREIGN KEY ("FundId") REFERENCES "Funds" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Programs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Programs" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "FundId" TEXT NOT NULL,
    "ProvinceCode" TEXT NOT NULL,
    "FundKind" TEXT NOT NULL,
    "FiscalYear" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Envelope" INTEGER NOT NULL,
    "EligibleServiceKinds" TEXT NOT NULL,
    "EligibleProviderKinds" TEXT NOT NULL,
    "EligibleSectors" TEXT NOT NULL,
    "SupportRate" INTEGER NOT NULL,
    "Caps" TEXT NOT NULL,
    "VoucherValidityDays" INTEGER NOT NULL,
    "ApplicationOpens" TEXT NOT NULL,
    "ApplicationCloses" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "EnvelopeDecisionNumber" TEXT NULL,
    "EnvelopeDecisionDate" TEXT NULL,
    "EnvelopeApprovedBy" TEXT NULL,
    "BudgetAccountId" TEXT NULL,
    "PayableAccountId" TEXT NULL,
    "DisbursedAccountId" TEXT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Programs_Funds_FundId" FOREIGN KEY ("FundId") REFERENCES "Funds" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "LedgerTransfers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LedgerTransfers" PRIMARY KEY,
    "DebitAccountId" TEXT NOT NULL,
    "CreditAccountId" TEXT NOT NULL,
    "Amount" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Phase" TEXT NOT NULL,
    "PendingId" TEXT NULL,
    "CorrelationId" TEXT NOT NULL,
    "Reference" TEXT NULL,
    "Reason" TEXT NULL,
    "VoucherId" TEXT NULL,
    "ProviderId" TEXT NULL,
    "Timestamp" TEXT NOT NULL,
    CONSTRAINT "FK_LedgerTransfers_LedgerAccounts_CreditAccountId" FOREIGN KEY ("CreditAccountId") REFERENCES "LedgerAccounts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LedgerTransfers_LedgerAccounts_DebitAccountId" FOREIGN KEY ("DebitAccountId") REFERENCES "LedgerAccounts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Vouchers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Vouchers" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "ProgramId" TEXT NOT NULL,
    "EnterpriseId" TEXT NOT NULL,
    "EnterpriseTaxCode" TEXT NOT NULL,
    "SizeClass" TEXT NOT NULL,
    "FiscalYear" INTEGER NOT NULL,
    "ServiceKind" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "RequestedAmount" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "FaceValue" INTEGER NULL,
    "ValidUntil" TEXT NULL,
    "IssuedAt" TEXT NULL,
    "CommitmentTransferId" TEXT NULL,
    "ProviderId" TEXT NULL,
    "ContractNumber" TEXT NULL,
    "ContractValue" INTEGER NULL,
    "SupportAmount" INTEGER NULL,
    "CoPayment" INTEGER NULL,
    "RedeemedAt" TEXT NULL,
    "DeliveryNote" TEXT NULL,
    "AcceptedAmount" INTEGER NULL,
    "AcceptanceDecisionNumber" TEXT NULL,
    "EInvoiceNumber" TEXT NULL,
    "PaymentReference" TEXT NULL,
    "ClawedBackAmount" INTEGER NULL,
    "IsDemo" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Vouchers_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Vouchers_Programs_ProgramId" FOREIGN KEY ("ProgramId") REFERENCES "Programs" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Vouchers_Providers_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "Providers" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "VoucherTransitions" (
    "VoucherId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "From" TEXT NULL,
    "To" TEXT NOT NULL,
    "Trigger" TEXT NULL,
    "ActorSubject" TEXT NOT NULL,
    "ActorRole" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "TransferId" TEXT NULL,
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



