-- The live collaboration tables.
--
-- enquete_event_log keeps each investigation's committed changes in order:
-- the event stream replays it on resumption (Last-Event-ID is a seq), and the
-- entity and link lists answer ?since=<seq> from it. seq is allocated from
-- enquete_event_seq in the transaction that commits the change, so it is
-- gapless and follows commit order. Rows are pruned by age, always a prefix of
-- an investigation's log. There is no foreign key to the investigation: its
-- investigation.deleted event is written after it is gone, and Django deletes
-- investigations without knowing these tables.
CREATE TABLE "enquete_event_seq" (
    "investigation_id" uuid NOT NULL PRIMARY KEY,
    "last_seq" bigint NOT NULL
);
CREATE TABLE "enquete_event_log" (
    "investigation_id" uuid NOT NULL,
    "seq" bigint NOT NULL,
    "type" varchar(40) NOT NULL,
    "object_id" varchar(64) NOT NULL,
    "actor_id" bigint NULL,
    "at" timestamp with time zone NOT NULL,
    "payload" text NOT NULL,
    PRIMARY KEY ("investigation_id", "seq")
);
CREATE INDEX "enquete_event_log_at_idx" ON "enquete_event_log" ("at");

-- Single-use tickets that open one stream (a browser's EventSource cannot
-- send an Authorization header), kept under the SHA-256 of their secret so
-- that any instance can redeem them.
CREATE TABLE "enquete_stream_ticket" (
    "token_hash" varchar(64) NOT NULL PRIMARY KEY,
    "investigation_id" uuid NOT NULL,
    "user_id" bigint NOT NULL,
    "expires_at" timestamp with time zone NOT NULL
);
CREATE INDEX "enquete_stream_ticket_expires_at_idx" ON "enquete_stream_ticket" ("expires_at");

-- Members with an open stream, one row per instance serving them; each
-- instance refreshes its rows, so those of a dead instance expire.
CREATE TABLE "enquete_presence" (
    "investigation_id" uuid NOT NULL,
    "user_id" bigint NOT NULL,
    "instance_id" varchar(64) NOT NULL,
    "expires_at" timestamp with time zone NOT NULL,
    PRIMARY KEY ("investigation_id", "user_id", "instance_id")
);
CREATE INDEX "enquete_presence_instance_id_idx" ON "enquete_presence" ("instance_id");
CREATE INDEX "enquete_presence_expires_at_idx" ON "enquete_presence" ("expires_at");
