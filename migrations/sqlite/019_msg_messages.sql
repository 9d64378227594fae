-- The message centre (issue 16): one table of notices for members (the portal) and for console
-- users (the bell, issue 18). A row keeps a code and its parameters, never words: the web words
-- it in the reader's language. The dedupe key names the event (e.g. "payout.paid:42"), unique per
-- recipient, so a step run again posts nothing twice. The table is also the outbox an SMS gateway
-- would read.
CREATE TABLE message (
  id         INTEGER PRIMARY KEY,
  member_id  INTEGER REFERENCES member(id) ON DELETE CASCADE,
  user_id    INTEGER REFERENCES app_user(id) ON DELETE CASCADE,
  code       TEXT NOT NULL,
  params     TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at    INTEGER,
  CHECK ((member_id IS NULL) <> (user_id IS NULL))
);
-- Indexes per kind of recipient (partial), so that a member's message touches the member's
-- indexes only: a reconciliation posts a message per payment. A recipient's unread count reads
-- their list index (a person has tens of messages, not millions).
CREATE UNIQUE INDEX message_member_once ON message(member_id, dedupe_key) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX message_user_once ON message(user_id, dedupe_key) WHERE user_id IS NOT NULL;
CREATE INDEX message_member_list ON message(member_id, id) WHERE member_id IS NOT NULL;
CREATE INDEX message_user_list ON message(user_id, id) WHERE user_id IS NOT NULL;

-- A forgotten password: the one live code of a phone (by its blind index), stored as a keyed hash
-- only, for the member it was sent to. A new code replaces the row (voiding the old one).
CREATE TABLE member_reset_code (
  phone_idx  BLOB PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  code_hash  BLOB NOT NULL,
  tries      INTEGER NOT NULL DEFAULT 0,
  sent_at    INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
