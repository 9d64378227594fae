-- The web console and the member portal: contacts of each organisation, members' portal
-- accounts and sessions, export jobs, and the index behind "new members by month".

ALTER TABLE org ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE org ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE org ADD COLUMN address TEXT NOT NULL DEFAULT '';

CREATE INDEX member_join ON member(join_date);

-- A member's sign-in to the portal, created when the member activates it (phone + ID number).
CREATE TABLE member_account (
  member_id     INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  failed_count  INTEGER NOT NULL DEFAULT 0,
  failed_since  INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE member_session (
  token_hash TEXT PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX member_session_by_member ON member_session(member_id);

-- Long work run in the background (exports first): its progress, and its result file.
CREATE TABLE job (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  params      TEXT NOT NULL,
  state       TEXT NOT NULL,
  done        INTEGER NOT NULL DEFAULT 0,
  total       INTEGER NOT NULL DEFAULT 0,
  file_name   TEXT NOT NULL DEFAULT '',
  error       TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX job_by_user ON job(user_id, created_at);
