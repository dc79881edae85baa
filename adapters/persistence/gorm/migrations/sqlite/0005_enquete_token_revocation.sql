-- Server-side token revocation (see the PostgreSQL migration of the same
-- number).
CREATE TABLE "enquete_revoked_token" (
    "jti" varchar(64) NOT NULL PRIMARY KEY,
    "user_id" bigint NOT NULL REFERENCES "investigation_user" ("id") ON DELETE CASCADE,
    "expires_at" datetime NOT NULL
);
CREATE INDEX "enquete_revoked_token_expires_at_idx" ON "enquete_revoked_token" ("expires_at");
CREATE INDEX "enquete_revoked_token_user_id_idx" ON "enquete_revoked_token" ("user_id");

CREATE TABLE "enquete_token_epoch" (
    "user_id" bigint NOT NULL PRIMARY KEY REFERENCES "investigation_user" ("id") ON DELETE CASCADE,
    "not_before" datetime NOT NULL
);
