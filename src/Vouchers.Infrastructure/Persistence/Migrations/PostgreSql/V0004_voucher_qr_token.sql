-- V0004: signed QR vouchers. The current QR issue of a voucher (0 before issuance, 1 at issuance, +1 per reissue)
-- and the signed token its QR code carries (format VV1, docs/qr-token.md). ADD COLUMN appends, so the model
-- declares both properties last. Vouchers issued before this migration get their QR by a reissue.
ALTER TABLE "Vouchers" ADD COLUMN "QrSerial" integer NOT NULL DEFAULT 0;
ALTER TABLE "Vouchers" ADD COLUMN "QrToken" character varying(512);
