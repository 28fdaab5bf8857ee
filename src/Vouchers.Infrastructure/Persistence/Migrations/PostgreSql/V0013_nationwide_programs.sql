-- V0013: programs open to enterprises of every province (toàn quốc, issue 16); the same change as Sqlite/V0013 and SqlServer/V0013.
-- * Programs: Nationwide. Existing programs are open to their own province's enterprises only, as before.
ALTER TABLE "Programs" ADD COLUMN "Nationwide" boolean NOT NULL DEFAULT FALSE;
