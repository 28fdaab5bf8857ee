-- V0015: the chain is sealed inside COMMIT (ADR 0022). A sealing save stages its records' keys and content hashes
-- in "__ChainPending" with the rest of its work; a deferred constraint trigger seals them when the transaction
-- commits: it takes the chain-head lock (724412), reads the head, appends one link per record and removes the staged
-- row. The head is thus held from inside the COMMIT to its end: no round trip to the service, no wait for a row.
-- Links are computed as the service computes them (ChainLink.HashOf): Hash = SHA-256("VCH1" ‖ PreviousHash ‖ ContentHash).
-- The staging table is UNLOGGED (its rows never outlive their transaction, so they need no WAL) and not in the EF model.
-- (No curly braces in this script: the migrator runs it through EF Core's raw-SQL formatting.)
CREATE UNLOGGED TABLE "__ChainPending" (
    "Id" bigint GENERATED ALWAYS AS IDENTITY,
    "Kinds" integer[] NOT NULL,
    "RecordIds" uuid[] NOT NULL,
    "Sequences" integer[] NOT NULL,
    "ContentHashes" bytea NOT NULL,
    CONSTRAINT "PK___ChainPending" PRIMARY KEY ("Id")
);
CREATE FUNCTION "chain_seal_at_commit"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n integer := coalesce(array_length(NEW."Kinds", 1), 0);
    height bigint;
    previous bytea;
    content bytea;
    contents bytea[] := ARRAY[]::bytea[];
    previouses bytea[] := ARRAY[]::bytea[];
    hashes bytea[] := ARRAY[]::bytea[];
BEGIN
    IF coalesce(array_length(NEW."RecordIds", 1), 0) <> n OR coalesce(array_length(NEW."Sequences", 1), 0) <> n
       OR length(NEW."ContentHashes") <> 32 * n THEN
        RAISE EXCEPTION 'a staged seal needs one kind, record id, sequence and 32-byte content hash per record';
    END IF;
    PERFORM pg_advisory_xact_lock(724412);
    -- READ COMMITTED: this statement's snapshot is taken now, after the lock was granted, so it sees the previous holder's links
    SELECT "Height", "Hash" INTO height, previous FROM "ChainLinks" ORDER BY "Height" DESC LIMIT 1;
    IF NOT FOUND THEN
        height := 0;
        previous := decode(repeat('00', 32), 'hex');
    END IF;
    FOR i IN 1 .. n LOOP
        content := substring(NEW."ContentHashes" FROM (i - 1) * 32 + 1 FOR 32);
        contents[i] := content;
        previouses[i] := previous;
        previous := sha256('\x56434831'::bytea || previous || content);
        hashes[i] := previous;
    END LOOP;
    -- one statement for all the links (a bulk save stages thousands)
    INSERT INTO "ChainLinks" ("Height", "Kind", "RecordId", "RecordSequence", "ContentHash", "PreviousHash", "Hash")
    SELECT height + u.o, u.k, u.r, u.s, u.c, u.p, u.h
    FROM unnest(NEW."Kinds", NEW."RecordIds", NEW."Sequences", contents, previouses, hashes) WITH ORDINALITY AS u(k, r, s, c, p, h, o);
    DELETE FROM "__ChainPending" WHERE "Id" = NEW."Id";
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER "TR___ChainPending_SealAtCommit" AFTER INSERT ON "__ChainPending"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "chain_seal_at_commit"();
