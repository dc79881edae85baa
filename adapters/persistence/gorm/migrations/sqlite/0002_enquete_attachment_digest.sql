-- Size and SHA-256 of attachments, beside Django's table (see the PostgreSQL
-- migration of the same number for why).
CREATE TABLE "enquete_attachment_digest" (
    "attachment_id" char(36) NOT NULL PRIMARY KEY
        REFERENCES "investigation_attachment" ("id") ON DELETE CASCADE,
    "size" bigint NOT NULL,
    "sha256" varchar(64) NOT NULL
);
