-- Server-side token revocation (tokens stay stateless otherwise).
--
-- enquete_revoked_token lists logged-out tokens by jti until they would have
-- expired anyway; expired rows are pruned. enquete_token_epoch rejects every
-- token of a user issued before not_before ("log out everywhere", password
-- change). Both follow their user: ON DELETE CASCADE lets Django delete a
-- user without knowing these tables.
CREATE TABLE "enquete_revoked_token" (
    "jti" varchar(64) NOT NULL PRIMARY KEY,
    "user_id" bigint NOT NULL
        CONSTRAINT "enquete_revoked_token_user_id_fk"
        REFERENCES "investigation_user" ("id") ON DELETE CASCADE,
    "expires_at" timestamp with time zone NOT NULL
);
CREATE INDEX "enquete_revoked_token_expires_at_idx" ON "enquete_revoked_token" ("expires_at");
CREATE INDEX "enquete_revoked_token_user_id_idx" ON "enquete_revoked_token" ("user_id");

CREATE TABLE "enquete_token_epoch" (
    "user_id" bigint NOT NULL PRIMARY KEY
        CONSTRAINT "enquete_token_epoch_user_id_fk"
        REFERENCES "investigation_user" ("id") ON DELETE CASCADE,
    "not_before" timestamp with time zone NOT NULL
);
