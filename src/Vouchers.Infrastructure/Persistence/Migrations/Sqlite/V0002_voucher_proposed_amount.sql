-- V0002: four eyes. The face value a first approver proposes while the voucher awaits its second approval
-- (Voucher.ProposedAmount, whole dong; null when one approval sufficed). The new status AwaitingSecondApproval is
-- stored as text in "Status" and needs no change. ADD COLUMN appends, so the model declares the property last.
ALTER TABLE "Vouchers" ADD COLUMN "ProposedAmount" INTEGER NULL;
