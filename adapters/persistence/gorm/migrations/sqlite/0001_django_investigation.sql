-- The SQLite equivalent of the tables Django creates on PostgreSQL (same
-- table, column, constraint and index names; no varchar_pattern_ops indexes,
-- which SQLite does not have). Types are chosen for the Go driver:
--   * uuid      -> char(36), the canonical lower-case hyphenated text;
--   * timestamp -> datetime, holding UTC text "YYYY-MM-DD HH:MM:SS.ffffff"
--                  (fixed width, so text order is time order, and exact to the
--                  microsecond; the driver decodes it because of the type name);
--   * boolean   -> boolean (0/1), identity -> integer PRIMARY KEY AUTOINCREMENT.
-- Foreign keys are DEFERRABLE INITIALLY DEFERRED as on PostgreSQL, and do not
-- cascade: the application deletes children itself, as Django does.

CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL,
    CONSTRAINT "django_content_type_app_label_model_76bd3d3b_uniq" UNIQUE ("app_label", "model"));
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(255) NOT NULL,
    "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL,
    CONSTRAINT "auth_permission_content_type_id_codename_01ab375a_uniq" UNIQUE ("content_type_id", "codename"));
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED,
    "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" UNIQUE ("group_id", "permission_id"));
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");

CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");

CREATE TABLE "investigation_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL,
    "is_superuser" boolean NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL,
    "is_staff" boolean NOT NULL, "is_active" boolean NOT NULL, "date_joined" datetime NOT NULL, "email" varchar(254) NOT NULL UNIQUE,
    "avatar" varchar(100) NULL, "created_at" datetime NOT NULL);
CREATE TABLE "investigation_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "investigation_user_groups_user_id_group_id_9fd68551_uniq" UNIQUE ("user_id", "group_id"));
CREATE INDEX "investigation_user_groups_user_id_de5aee94" ON "investigation_user_groups" ("user_id");
CREATE INDEX "investigation_user_groups_group_id_75d0e458" ON "investigation_user_groups" ("group_id");
CREATE TABLE "investigation_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "investigation_user_user__user_id_permission_id_0c6bb6d8_uniq" UNIQUE ("user_id", "permission_id"));
CREATE INDEX "investigation_user_user_permissions_user_id_32a9d7f2" ON "investigation_user_user_permissions" ("user_id");
CREATE INDEX "investigation_user_user_permissions_permission_id_de926dbd" ON "investigation_user_user_permissions" ("permission_id");

CREATE TABLE "investigation_investigation" ("id" char(36) NOT NULL PRIMARY KEY, "code" varchar(8) NOT NULL UNIQUE, "title" varchar(200) NOT NULL,
    "description" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "is_active" boolean NOT NULL,
    "created_by_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "investigation_investigation_created_by_id_679605f9" ON "investigation_investigation" ("created_by_id");

CREATE TABLE "investigation_investigationmember" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "role" varchar(10) NOT NULL, "joined_at" datetime NOT NULL,
    "investigation_id" char(36) NOT NULL REFERENCES "investigation_investigation" ("id") DEFERRABLE INITIALLY DEFERRED,
    "user_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "last_seen" datetime NULL,
    CONSTRAINT "investigation_investigat_investigation_id_user_id_e3e042ec_uniq" UNIQUE ("investigation_id", "user_id"));
CREATE INDEX "investigation_investigationmember_investigation_id_718d4190" ON "investigation_investigationmember" ("investigation_id");
CREATE INDEX "investigation_investigationmember_user_id_82b4686f" ON "investigation_investigationmember" ("user_id");

CREATE TABLE "investigation_entity" ("id" char(36) NOT NULL PRIMARY KEY, "entity_type" varchar(10) NOT NULL, "title" varchar(200) NOT NULL,
    "description" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "role" varchar(100) NOT NULL,
    "location" varchar(200) NOT NULL, "event_date" datetime NULL, "evidence_type" varchar(20) NOT NULL,
    "created_by_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "investigation_id" char(36) NOT NULL REFERENCES "investigation_investigation" ("id") DEFERRABLE INITIALLY DEFERRED,
    "address" varchar(255) NOT NULL, "event_end_date" datetime NULL, "is_timeslot" boolean NOT NULL, "photo" varchar(100) NULL);
CREATE INDEX "investigation_entity_created_by_id_15dc073b" ON "investigation_entity" ("created_by_id");
CREATE INDEX "investigation_entity_investigation_id_f1cf0d5b" ON "investigation_entity" ("investigation_id");

CREATE TABLE "investigation_comment" ("id" char(36) NOT NULL PRIMARY KEY, "content" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL,
    "author_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "entity_id" char(36) NOT NULL REFERENCES "investigation_entity" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "investigation_comment_author_id_ec69a716" ON "investigation_comment" ("author_id");
CREATE INDEX "investigation_comment_entity_id_dfe66ba7" ON "investigation_comment" ("entity_id");

CREATE TABLE "investigation_attachment" ("id" char(36) NOT NULL PRIMARY KEY, "file" varchar(100) NOT NULL, "filename" varchar(255) NOT NULL,
    "file_type" varchar(50) NOT NULL, "uploaded_at" datetime NOT NULL,
    "entity_id" char(36) NOT NULL REFERENCES "investigation_entity" ("id") DEFERRABLE INITIALLY DEFERRED,
    "uploaded_by_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "investigation_attachment_entity_id_2d5b9023" ON "investigation_attachment" ("entity_id");
CREATE INDEX "investigation_attachment_uploaded_by_id_5324e2fa" ON "investigation_attachment" ("uploaded_by_id");

CREATE TABLE "investigation_link" ("id" char(36) NOT NULL PRIMARY KEY, "title" varchar(100) NOT NULL, "description" text NOT NULL, "created_at" datetime NOT NULL,
    "created_by_id" bigint NOT NULL REFERENCES "investigation_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "from_entity_id" char(36) NOT NULL REFERENCES "investigation_entity" ("id") DEFERRABLE INITIALLY DEFERRED,
    "investigation_id" char(36) NOT NULL REFERENCES "investigation_investigation" ("id") DEFERRABLE INITIALLY DEFERRED,
    "to_entity_id" char(36) NOT NULL REFERENCES "investigation_entity" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "investigation_link_investigation_id_from_en_3e947614_uniq" UNIQUE ("investigation_id", "from_entity_id", "to_entity_id"));
CREATE INDEX "investigation_link_created_by_id_a85bb50c" ON "investigation_link" ("created_by_id");
CREATE INDEX "investigation_link_from_entity_id_d2c33435" ON "investigation_link" ("from_entity_id");
CREATE INDEX "investigation_link_investigation_id_ee169013" ON "investigation_link" ("investigation_id");
CREATE INDEX "investigation_link_to_entity_id_686d0e6d" ON "investigation_link" ("to_entity_id");

CREATE TABLE "investigation_tag" ("id" char(36) NOT NULL PRIMARY KEY, "name" varchar(50) NOT NULL, "color" varchar(7) NOT NULL, "created_at" datetime NOT NULL,
    "investigation_id" char(36) NOT NULL REFERENCES "investigation_investigation" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "investigation_tag_investigation_id_name_694d4a5f_uniq" UNIQUE ("investigation_id", "name"));
CREATE INDEX "investigation_tag_investigation_id_dc37b0b4" ON "investigation_tag" ("investigation_id");

CREATE TABLE "investigation_entity_tags" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entity_id" char(36) NOT NULL REFERENCES "investigation_entity" ("id") DEFERRABLE INITIALLY DEFERRED,
    "tag_id" char(36) NOT NULL REFERENCES "investigation_tag" ("id") DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "investigation_entity_tags_entity_id_tag_id_a255ca33_uniq" UNIQUE ("entity_id", "tag_id"));
CREATE INDEX "investigation_entity_tags_entity_id_bc829ee6" ON "investigation_entity_tags" ("entity_id");
CREATE INDEX "investigation_entity_tags_tag_id_f37acab8" ON "investigation_entity_tags" ("tag_id");
