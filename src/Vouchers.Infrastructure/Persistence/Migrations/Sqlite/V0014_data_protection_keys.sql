-- V0014: the web pages' data-protection key ring (issue 17), shared by every instance through the database; the same
-- change as PostgreSql/V0014 and SqlServer/V0014. The keys protect sign-in cookies and antiforgery tokens.
CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);
