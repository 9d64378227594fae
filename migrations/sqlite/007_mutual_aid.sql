-- Mutual medical aid (职工医疗互助保障): plans (versioned JSON), enrolments, each member's running
-- totals per plan, and the claims adjudicated from the medical-insurance settlement feed.

-- A plan; importing the same code again adds a version, the newest in force.
CREATE TABLE aid_plan (
  code       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (code, version)
);

-- A member's enrolment in a plan: covered from start_date, paid from waiting_end.
CREATE TABLE aid_enrolment (
  plan_code        TEXT NOT NULL,
  member_id        INTEGER NOT NULL REFERENCES member(id),
  org_id           INTEGER NOT NULL REFERENCES org(id),
  start_date       TEXT NOT NULL,
  waiting_end      TEXT NOT NULL,
  contribution_fen INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  PRIMARY KEY (plan_code, member_id)
);

-- What a member has had from a plan: the rules' running totals, carried from run to run.
CREATE TABLE aid_member_state (
  plan_code     TEXT NOT NULL,
  member_id     INTEGER NOT NULL,
  cumulative_0  INTEGER NOT NULL DEFAULT 0,
  cumulative_1  INTEGER NOT NULL DEFAULT 0,
  cumulative_2  INTEGER NOT NULL DEFAULT 0,
  paid_0        INTEGER NOT NULL DEFAULT 0,
  paid_1        INTEGER NOT NULL DEFAULT 0,
  paid_2        INTEGER NOT NULL DEFAULT 0,
  overall       INTEGER NOT NULL DEFAULT 0,
  lump_sum      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_code, member_id)
);

-- One adjudicated settlement record (every outcome but invalid): a duplicate or a reversal of a
-- later run finds it by its settlement id.
CREATE TABLE aid_claim (
  id             INTEGER PRIMARY KEY,
  plan_code      TEXT NOT NULL,
  settlement_id  TEXT NOT NULL,
  member_id      INTEGER,
  outcome        TEXT NOT NULL,
  visit          INTEGER NOT NULL,
  eligible_fen   INTEGER NOT NULL,
  benefit_fen    INTEGER NOT NULL,
  lump_fen       INTEGER NOT NULL,
  reversed       INTEGER NOT NULL DEFAULT 0,
  original_id    TEXT NOT NULL DEFAULT '',
  discharge_date TEXT NOT NULL,
  diagnosis_code TEXT NOT NULL DEFAULT '',
  hospital       TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  UNIQUE (plan_code, settlement_id)
);
CREATE INDEX aid_claim_member ON aid_claim(member_id);

UPDATE role SET permissions = permissions || ' aid:read aid:write'
 WHERE code IN ('federation_admin', 'clerk');
