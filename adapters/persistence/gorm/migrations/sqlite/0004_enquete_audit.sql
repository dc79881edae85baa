-- The audit trail (see the PostgreSQL migration of the same number for the
-- hash chain, the head rows and why there are no foreign keys). SQLite has a
-- single writer, which already serialises the chain's writers.
CREATE TABLE "enquete_audit" (
    "investigation_id" char(36) NOT NULL,
    "seq" bigint NOT NULL,
    "at" datetime NOT NULL,
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
    "investigation_id" char(36) NOT NULL PRIMARY KEY,
    "seq" bigint NOT NULL,
    "hash" varchar(64) NOT NULL
);

-- Append-only, enforced by the database too.
CREATE TRIGGER "enquete_audit_no_update" BEFORE UPDATE ON "enquete_audit"
BEGIN
    SELECT RAISE(ABORT, 'enquete_audit is append-only');
END;
CREATE TRIGGER "enquete_audit_no_delete" BEFORE DELETE ON "enquete_audit"
BEGIN
    SELECT RAISE(ABORT, 'enquete_audit is append-only');
END;
