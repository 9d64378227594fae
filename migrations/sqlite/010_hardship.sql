-- Hardship-worker archives (困难职工档案): the minimum living standard per county and year, one
-- archive per worker at a time (an exited one stays as history), its household, income sources,
-- visits at home, yearly reviews, monthly incomes (for proposing an exit) and the levels a change
-- of standard would change, waiting for confirmation.

-- 低保标准: monthly per person, per county division code and year; `relative_pct` is the multiple
-- of it below which a household is in relative hardship (200 = twice).
CREATE TABLE hardship_standard (
  division_code TEXT NOT NULL,
  year          INTEGER NOT NULL,
  monthly_fen   INTEGER NOT NULL CHECK (monthly_fen > 0),
  relative_pct  INTEGER NOT NULL DEFAULT 200 CHECK (relative_pct >= 100),
  updated_by    INTEGER,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (division_code, year)
);

-- state: draft → submitted → (county_reviewed →) notice → active → exited; returned from any
-- review. tier: 'county' archives are approved by the county federation, 'city' ones reviewed by
-- the county, then approved by the city.
CREATE TABLE hardship_archive (
  id                   INTEGER PRIMARY KEY,
  member_id            INTEGER NOT NULL REFERENCES member(id),
  org_id               INTEGER NOT NULL REFERENCES org(id),
  org_path             TEXT NOT NULL,
  county_id            INTEGER NOT NULL REFERENCES org(id),
  division_code        TEXT NOT NULL,
  tier                 TEXT NOT NULL,
  state                TEXT NOT NULL DEFAULT 'draft',
  source               TEXT NOT NULL DEFAULT 'clerk',
  causes               TEXT NOT NULL,
  household            TEXT NOT NULL,
  income_sources       TEXT NOT NULL DEFAULT '[]',
  household_size       INTEGER NOT NULL,
  annual_income_fen    INTEGER NOT NULL,
  medical_spending_fen INTEGER NOT NULL DEFAULT 0,
  school_spending_fen  INTEGER NOT NULL DEFAULT 0,
  accident             TEXT NOT NULL DEFAULT '',
  standard_year        INTEGER NOT NULL,
  standard_fen         INTEGER NOT NULL,
  relative_pct         INTEGER NOT NULL,
  level                TEXT NOT NULL,
  level_override       TEXT NOT NULL DEFAULT '',
  override_reason      TEXT NOT NULL DEFAULT '',
  application_id       INTEGER,
  submitted_at         INTEGER,
  notice_start         TEXT NOT NULL DEFAULT '',
  notice_end           TEXT NOT NULL DEFAULT '',
  activated_on         TEXT NOT NULL DEFAULT '',
  review_due           TEXT NOT NULL DEFAULT '',
  causes_resolved_on   TEXT NOT NULL DEFAULT '',
  exited_on            TEXT NOT NULL DEFAULT '',
  exit_reason          TEXT NOT NULL DEFAULT '',
  created_by           INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE UNIQUE INDEX hardship_archive_open ON hardship_archive(member_id) WHERE state <> 'exited';
CREATE INDEX hardship_archive_member ON hardship_archive(member_id);
CREATE INDEX hardship_archive_org ON hardship_archive(org_path, state);
CREATE INDEX hardship_archive_division ON hardship_archive(division_code, state);
CREATE INDEX hardship_archive_notice ON hardship_archive(notice_end) WHERE state = 'notice';

-- Everyone of an archive's household with an ID number, by its blind index: a second archive
-- naming the same person is warned of.
CREATE TABLE hardship_person (
  archive_id   INTEGER NOT NULL REFERENCES hardship_archive(id),
  id_number_idx BLOB NOT NULL
);
CREATE INDEX hardship_person_idx ON hardship_person(id_number_idx);

-- A visit at home (入户核查) or a yearly review: who, when, what was found.
CREATE TABLE hardship_visit (
  id          INTEGER PRIMARY KEY,
  archive_id  INTEGER NOT NULL REFERENCES hardship_archive(id),
  kind        TEXT NOT NULL,
  visited_on  TEXT NOT NULL,
  visitors    TEXT NOT NULL,
  findings    TEXT NOT NULL,
  level_before TEXT NOT NULL DEFAULT '',
  level_after  TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX hardship_visit_archive ON hardship_visit(archive_id, visited_on);

-- The household's income per head of a month, as found: six months in a row above the standard,
-- with the cause gone, propose the exit.
CREATE TABLE hardship_month (
  archive_id   INTEGER NOT NULL REFERENCES hardship_archive(id),
  month        TEXT NOT NULL,
  per_head_fen INTEGER NOT NULL,
  PRIMARY KEY (archive_id, month)
);

-- A level a change of standard would change, listed until a clerk confirms it.
CREATE TABLE hardship_relevel (
  id            INTEGER PRIMARY KEY,
  archive_id    INTEGER NOT NULL REFERENCES hardship_archive(id),
  org_path      TEXT NOT NULL,
  division_code TEXT NOT NULL,
  year          INTEGER NOT NULL,
  old_level     TEXT NOT NULL,
  new_level     TEXT NOT NULL,
  old_standard_fen INTEGER NOT NULL,
  new_standard_fen INTEGER NOT NULL,
  per_head_fen  INTEGER NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending',
  decided_by    INTEGER,
  decided_at    INTEGER,
  created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX hardship_relevel_pending ON hardship_relevel(archive_id) WHERE state = 'pending';
CREATE INDEX hardship_relevel_org ON hardship_relevel(org_path, state);

UPDATE role SET permissions = permissions || ' hardship:read hardship:write hardship:approve'
 WHERE code = 'federation_admin';
UPDATE role SET permissions = permissions || ' hardship:read hardship:write'
 WHERE code IN ('clerk', 'grassroots_chair');
