-- Organisations and membership in full: enterprises and their coverage, approvals (shared by
-- establishment, re-election and joining), committees and their terms, yearly ratings, and
-- transfers of membership between unions.

ALTER TABLE org ADD COLUMN registration_no TEXT NOT NULL DEFAULT '';

-- An enterprise (企业), registered in the scope of organisation `org_id`; `union_id` is the union
-- that covers it (its own, a joint union's or an industry union's), NULL when none does.
CREATE TABLE enterprise (
  id            INTEGER PRIMARY KEY,
  credit_code   TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  name_fold     TEXT NOT NULL,
  division_code TEXT NOT NULL,
  industry      TEXT NOT NULL DEFAULT '',
  employees     INTEGER NOT NULL DEFAULT 0,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  union_id      INTEGER REFERENCES org(id),
  code_override TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX enterprise_org ON enterprise(org_id);
CREATE INDEX enterprise_union ON enterprise(union_id);

-- An application that a level of the tree reviews: establishment of a union, re-election of a
-- committee, a worker joining. `org_id` is where it was filed (its scope); `reviewer_org_id`
-- the organisation whose users decide it. The kind's own data is JSON in `payload` (personal
-- data in it sealed); `result` says what approval produced.
CREATE TABLE application (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  org_id          INTEGER NOT NULL REFERENCES org(id),
  reviewer_org_id INTEGER NOT NULL REFERENCES org(id),
  state           TEXT NOT NULL,
  title           TEXT NOT NULL,
  payload         TEXT NOT NULL,
  result          TEXT NOT NULL DEFAULT '',
  created_by      INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX application_org ON application(org_id, state);
CREATE INDEX application_reviewer ON application(reviewer_org_id, state);

CREATE TABLE application_event (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application(id),
  at             INTEGER NOT NULL,
  user_id        INTEGER,
  username       TEXT NOT NULL,
  action         TEXT NOT NULL,
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  reason         TEXT NOT NULL
);
CREATE INDEX application_event_by_app ON application_event(application_id, id);

-- A union's committee for one term; `current` marks the sitting one (one per union).
CREATE TABLE committee (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  term_years  INTEGER NOT NULL,
  elected_on  TEXT NOT NULL,
  ends_on     TEXT NOT NULL,
  how_elected TEXT NOT NULL,
  votes_cast  INTEGER NOT NULL DEFAULT 0,
  current     INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);
CREATE INDEX committee_org ON committee(org_id, current);
CREATE INDEX committee_ends ON committee(current, ends_on);

CREATE TABLE committee_member (
  committee_id INTEGER NOT NULL REFERENCES committee(id),
  seq          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL,
  votes        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (committee_id, seq)
);

-- The yearly assessment of a grassroots union: scores per item, the class and the stars.
CREATE TABLE union_rating (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  year       INTEGER NOT NULL,
  scores     TEXT NOT NULL,
  total      INTEGER NOT NULL,
  grade      INTEGER NOT NULL,
  stars      INTEGER NOT NULL,
  rated_by   INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (org_id, year)
);

-- Membership following the job: requested by the member's union (or the member), accepted by
-- the union it goes to. At most one open transfer per member.
CREATE TABLE transfer (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  from_org_id INTEGER NOT NULL REFERENCES org(id),
  to_org_id   INTEGER NOT NULL REFERENCES org(id),
  state       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  decision    TEXT NOT NULL DEFAULT '',
  started_by  INTEGER,
  created_at  INTEGER NOT NULL,
  decided_at  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX transfer_open ON transfer(member_id) WHERE state = 'requested';
CREATE INDEX transfer_to ON transfer(to_org_id, state);
CREATE INDEX transfer_from ON transfer(from_org_id, state);

-- Members: the date the status last changed (exit, suspension, death).
ALTER TABLE member ADD COLUMN status_date TEXT NOT NULL DEFAULT '';

-- Filing applications (establishment, re-election) and registering enterprises: clerks and
-- grassroots chairs too; deciding them stays with org:write.
UPDATE role SET permissions = permissions || ' org:apply'
 WHERE code IN ('federation_admin', 'clerk', 'grassroots_chair');

-- What a finished job reports (an import's counts), as JSON.
ALTER TABLE job ADD COLUMN summary TEXT NOT NULL DEFAULT '';
