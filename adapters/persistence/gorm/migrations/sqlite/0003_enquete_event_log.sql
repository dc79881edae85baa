-- The live collaboration tables: event log and its sequence counter, stream
-- tickets, stream presence (see the PostgreSQL migration of the same number
-- for why each exists and why there are no foreign keys).
CREATE TABLE "enquete_event_seq" (
    "investigation_id" char(36) NOT NULL PRIMARY KEY,
    "last_seq" bigint NOT NULL
);
CREATE TABLE "enquete_event_log" (
    "investigation_id" char(36) NOT NULL,
    "seq" bigint NOT NULL,
    "type" varchar(40) NOT NULL,
    "object_id" varchar(64) NOT NULL,
    "actor_id" bigint NULL,
    "at" datetime NOT NULL,
    "payload" text NOT NULL,
    PRIMARY KEY ("investigation_id", "seq")
);
CREATE INDEX "enquete_event_log_at_idx" ON "enquete_event_log" ("at");

CREATE TABLE "enquete_stream_ticket" (
    "token_hash" varchar(64) NOT NULL PRIMARY KEY,
    "investigation_id" char(36) NOT NULL,
    "user_id" bigint NOT NULL,
    "expires_at" datetime NOT NULL
);
CREATE INDEX "enquete_stream_ticket_expires_at_idx" ON "enquete_stream_ticket" ("expires_at");

CREATE TABLE "enquete_presence" (
    "investigation_id" char(36) NOT NULL,
    "user_id" bigint NOT NULL,
    "instance_id" varchar(64) NOT NULL,
    "expires_at" datetime NOT NULL,
    PRIMARY KEY ("investigation_id", "user_id", "instance_id")
);
CREATE INDEX "enquete_presence_instance_id_idx" ON "enquete_presence" ("instance_id");
CREATE INDEX "enquete_presence_expires_at_idx" ON "enquete_presence" ("expires_at");
