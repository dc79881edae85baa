-- The audit trail: one row per committed change, never updated or deleted.
--
-- Each investigation's records form a hash chain: seq counts from 1 without
-- gaps, prev_hash is the previous record's hash, and hash is the SHA-256 of
-- the record's canonical encoding (adapters/persistence/auditlog). Editing a
-- record breaks its hash; deleting one breaks seq and the next prev_hash;
-- deleting the last ones disagrees with enquete_audit_head, which also
-- serialises writers (each takes its investigation's head row lock), so that
-- two transactions never fork a chain.
--
-- There is no foreign key: the records are the evidence of an investigation's
-- deletion and outlive it, as they outlive users Django deletes. diff is text,
-- not jsonb, because the hash covers its exact bytes.
CREATE TABLE "enquete_audit" (
    "investigation_id" uuid NOT NULL,
    "seq" bigint NOT NULL,
    "at" timestamp with time zone NOT NULL,
    "actor_id" bigint NOT NULL,
    "type" varchar(64) NOT NULL,
    "object_id" varchar(64) NOT NULL,
    "entities" text NOT NULL,
    "diff" text NOT NULL,
    "ip" varchar(64) NOT NULL,
    "request_id" varchar(128) NOT NULL,
    "user_agent" varchar(512) NOT NULL,
    "prev_hash" varchar(64) NOT NULL,
    "hash" varchar(64) NOT NULL,
    PRIMARY KEY ("investigation_id", "seq")
);
CREATE INDEX "enquete_audit_actor_idx" ON "enquete_audit" ("investigation_id", "actor_id", "seq");
CREATE INDEX "enquete_audit_object_idx" ON "enquete_audit" ("investigation_id", "object_id");

CREATE TABLE "enquete_audit_head" (
    "investigation_id" uuid NOT NULL PRIMARY KEY,
    "seq" bigint NOT NULL,
    "hash" varchar(64) NOT NULL
);

-- Append-only, enforced by the database too. Someone who can disable
-- triggers can still edit rows; the chain is what makes that detectable.
CREATE FUNCTION "enquete_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'enquete_audit is append-only';
END
$$;
CREATE TRIGGER "enquete_audit_no_change" BEFORE UPDATE OR DELETE ON "enquete_audit"
    FOR EACH ROW EXECUTE FUNCTION "enquete_audit_append_only"();
CREATE TRIGGER "enquete_audit_no_truncate" BEFORE TRUNCATE ON "enquete_audit"
    FOR EACH STATEMENT EXECUTE FUNCTION "enquete_audit_append_only"();
