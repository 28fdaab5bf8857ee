-- V0006: enum columns widened from 40 to 64 characters in the model. SQLite stores TEXT and checks no length, so
-- nothing changes here; the version exists so both providers keep the same history (see PostgreSql/V0006).
SELECT 1;
