-- Size and SHA-256 of attachments. Django's investigation_attachment has no
-- room for them and must not get a NOT NULL column it would not fill, so they
-- live beside it. Rows Django uploads have no digest until the file is first
-- read. ON DELETE CASCADE (unlike Django's own foreign keys) lets Django delete
-- an attachment without knowing this table exists.
CREATE TABLE "enquete_attachment_digest" (
    "attachment_id" uuid NOT NULL PRIMARY KEY
        CONSTRAINT "enquete_attachment_digest_attachment_id_fk"
        REFERENCES "investigation_attachment" ("id") ON DELETE CASCADE,
    "size" bigint NOT NULL,
    "sha256" varchar(64) NOT NULL
);
