-- Foundation: organisation tree, member registry, users and sessions, audit log.
-- Paths are materialised as '/1/5/23/': a subtree is the range [path, path with its last '/'
-- turned into '0'), which an ordinary index serves.

CREATE TABLE org (
  id            INTEGER PRIMARY KEY,
  parent_id     INTEGER REFERENCES org(id),
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL,
  name_key      BLOB NOT NULL,
  name_fold     TEXT NOT NULL,
  division_code TEXT NOT NULL,
  path          TEXT NOT NULL UNIQUE,
  depth         INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX org_parent ON org(parent_id, name_key);

-- Active members per organisation and category: `own` in the organisation itself, `subtree` in
-- it and everything below. Kept in the same transaction as every member change.
CREATE TABLE org_member_count (
  org_id   INTEGER NOT NULL REFERENCES org(id),
  category TEXT NOT NULL,
  own      INTEGER NOT NULL DEFAULT 0,
  subtree  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, category)
);

CREATE TABLE member (
  id               INTEGER PRIMARY KEY,
  org_id           INTEGER NOT NULL REFERENCES org(id),
  name             TEXT NOT NULL,
  name_key         BLOB NOT NULL,
  name_fold        TEXT NOT NULL,
  id_number_enc    BLOB NOT NULL,
  id_number_idx    BLOB NOT NULL UNIQUE,
  id_number_masked TEXT NOT NULL,
  sex              TEXT NOT NULL,
  birth_date       TEXT NOT NULL,
  phone_enc        BLOB,
  phone_idx        BLOB,
  phone_masked     TEXT NOT NULL DEFAULT '',
  employer         TEXT NOT NULL DEFAULT '',
  category         TEXT NOT NULL,
  join_date        TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'active',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX member_name ON member(name_key, id);
CREATE INDEX member_org ON member(org_id, name_key, id);
CREATE INDEX member_fold ON member(name_fold);
CREATE INDEX member_phone ON member(phone_idx);

CREATE TABLE role (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  permissions  TEXT NOT NULL,
  own_org_only INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE app_user (
  id              INTEGER PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  org_id          INTEGER NOT NULL REFERENCES org(id),
  role_id         INTEGER NOT NULL REFERENCES role(id),
  failed_count    INTEGER NOT NULL DEFAULT 0,
  failed_since    INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_by_user ON session(user_id);

-- Append-only, hash-chained: hash = SHA-256(prev_hash ‖ the row's fields). audit_head holds the
-- newest hash so that a deleted tail is detected too, and serialises appends.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  user_id   INTEGER,
  username  TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  org_path  TEXT NOT NULL,
  before    TEXT NOT NULL,
  after     TEXT NOT NULL,
  reason    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_scope ON audit_log(org_path, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);

CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
