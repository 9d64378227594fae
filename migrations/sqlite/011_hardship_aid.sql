-- Hardship aid (困难职工帮扶): the aid categories with their yearly limits (data, editable by the
-- city), grants through the two-level approval and paid to the card (payout fund 'hardship') or
-- given in kind, and the seasonal campaigns with their budget, standards by level, the
-- organisations taking part and the target list (paid from payout fund 'campaign'). Both funds
-- are rows of 006_payout.sql already.

-- A category of aid. basis: 'months' (months of the archive's standard by level, in
-- hardship_aid_limit), 'child_months' (months per child by school level, in hardship_aid_limit),
-- 'self_paid' (what the household still paid itself after medical insurance and mutual aid, up
-- to cap_fen), 'amount' (cap_fen alone; NULL = no yearly limit). needs_archive 0: for a worker
-- without an archive (temporary aid).
CREATE TABLE hardship_aid_category (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  basis         TEXT NOT NULL,
  per           TEXT NOT NULL,
  needs_archive INTEGER NOT NULL,
  cap_fen       INTEGER CHECK (cap_fen IS NULL OR cap_fen >= 0),
  standard_fen  INTEGER NOT NULL DEFAULT 0 CHECK (standard_fen >= 0),
  sort          INTEGER NOT NULL,
  updated_by    INTEGER,
  updated_at    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO hardship_aid_category (code, name, name_en, basis, per, needs_archive, cap_fen, sort)
VALUES
  ('living', '生活救助', 'Living aid', 'months', 'household', 1, NULL, 1),
  ('schooling', '助学', 'Schooling aid', 'child_months', 'child', 1, NULL, 2),
  ('medical', '医疗救助', 'Medical aid', 'self_paid', 'household', 1, 2000000, 3),
  ('legal', '法律援助', 'Legal aid', 'amount', 'household', 1, NULL, 4),
  ('training', '职业培训和就业帮扶', 'Training and job help', 'amount', 'household', 1, NULL, 5),
  ('temporary', '临时救助', 'Temporary aid', 'amount', 'member', 0, 300000, 6);

-- Months of the standard a year: by the archive's level (living) or by the child's school level
-- (schooling, per child). A level without a row is not granted.
CREATE TABLE hardship_aid_limit (
  category TEXT NOT NULL REFERENCES hardship_aid_category(code),
  level    TEXT NOT NULL,
  months   INTEGER NOT NULL CHECK (months >= 0),
  PRIMARY KEY (category, level)
);
INSERT INTO hardship_aid_limit (category, level, months) VALUES
  ('living', 'deep', 12), ('living', 'relative', 10), ('living', 'accidental', 10),
  ('schooling', 'university', 10), ('schooling', 'senior', 6), ('schooling', 'vocational', 6);

-- A grant to a member: for an active archive (archive_id, its level and standard as filed) or
-- temporary aid without one. org_path is the member's union when filed (it scopes who sees it);
-- county_id the county federation that reviews it; tier 'city' is approved by the city.
-- state: submitted → (reviewed →) approved → paying (a payout item "grant:<id>") | given (in
-- kind, signed for); returned → submitted again or cancelled; approved → cancelled.
-- disbursed_on: the day it was sent to the card or given (the reports count by it).
CREATE TABLE hardship_grant (
  id                  INTEGER PRIMARY KEY,
  member_id           INTEGER NOT NULL REFERENCES member(id),
  archive_id          INTEGER REFERENCES hardship_archive(id),
  org_id              INTEGER NOT NULL REFERENCES org(id),
  org_path            TEXT NOT NULL,
  county_id           INTEGER NOT NULL REFERENCES org(id),
  tier                TEXT NOT NULL,
  level               TEXT NOT NULL DEFAULT '',
  standard_fen        INTEGER NOT NULL DEFAULT 0,
  category            TEXT NOT NULL REFERENCES hardship_aid_category(code),
  child               TEXT NOT NULL DEFAULT '',
  school_level        TEXT NOT NULL DEFAULT '',
  year                INTEGER NOT NULL,
  amount_fen          INTEGER NOT NULL CHECK (amount_fen > 0),
  reason              TEXT NOT NULL,
  self_paid_fen       INTEGER NOT NULL DEFAULT 0,
  mutual_aid_paid_fen INTEGER NOT NULL DEFAULT 0,
  limit_fen           INTEGER,
  granted_before_fen  INTEGER NOT NULL DEFAULT 0,
  state               TEXT NOT NULL DEFAULT 'submitted',
  application_id      INTEGER REFERENCES application(id),
  return_reason       TEXT NOT NULL DEFAULT '',
  method              TEXT NOT NULL DEFAULT '',
  signed_by           TEXT NOT NULL DEFAULT '',
  signed_on           TEXT NOT NULL DEFAULT '',
  note                TEXT NOT NULL DEFAULT '',
  disbursed_on        TEXT NOT NULL DEFAULT '',
  created_by          INTEGER,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX hardship_grant_member ON hardship_grant(member_id, year);
CREATE INDEX hardship_grant_org ON hardship_grant(org_path, id);
-- The report: what was disbursed in a subtree and period, by category, from the index alone
-- (the subtree first: a county's report reads its own entries only).
CREATE INDEX hardship_grant_report ON hardship_grant(org_path, disbursed_on, category, amount_fen,
                                                     member_id) WHERE disbursed_on <> '';

-- A campaign (送温暖 spring_warmth, 金秋助学 autumn_schooling, 夏送清凉 summer_cooling, 春送岗位
-- spring_jobs) of an organiser's subtree. method: 'card' or 'in_kind'.
-- state: draft → drawn (the target list; drawn again adds who is new) → checked → closed, or
-- cancelled before anything is paid or given.
CREATE TABLE hardship_campaign (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL,
  year          INTEGER NOT NULL,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  org_path      TEXT NOT NULL,
  budget_fen    INTEGER NOT NULL CHECK (budget_fen >= 0),
  method        TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'draft',
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_by    INTEGER,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  checked_by    INTEGER,
  checked_at    INTEGER,
  closed_at     INTEGER
);
CREATE INDEX hardship_campaign_organiser ON hardship_campaign(org_path, year);

-- What a person receives by basis: a level of archive (deep, relative, accidental) or 'outdoor'
-- (summer_cooling's front-line and outdoor members without an archive).
CREATE TABLE hardship_campaign_standard (
  campaign_id INTEGER NOT NULL REFERENCES hardship_campaign(id),
  basis       TEXT NOT NULL,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  PRIMARY KEY (campaign_id, basis)
);

-- The organisations taking part: their subtrees give the target list.
CREATE TABLE hardship_campaign_org (
  campaign_id INTEGER NOT NULL REFERENCES hardship_campaign(id),
  org_id      INTEGER NOT NULL REFERENCES org(id),
  org_path    TEXT NOT NULL,
  PRIMARY KEY (campaign_id, org_id)
);
CREATE INDEX hardship_campaign_org_path ON hardship_campaign_org(org_path);

-- A line of the target list, one a member. included 0: removed (with the reason). state:
-- listed → paying (a payout item "campaign:<id>:<member_id>") | given (in kind, signed for).
CREATE TABLE hardship_campaign_target (
  campaign_id  INTEGER NOT NULL REFERENCES hardship_campaign(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  archive_id   INTEGER,
  org_id       INTEGER NOT NULL REFERENCES org(id),
  org_path     TEXT NOT NULL,
  basis        TEXT NOT NULL,
  amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
  included     INTEGER NOT NULL DEFAULT 1,
  reason       TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL DEFAULT 'listed',
  signed_by    TEXT NOT NULL DEFAULT '',
  signed_on    TEXT NOT NULL DEFAULT '',
  disbursed_on TEXT NOT NULL DEFAULT '',
  changed_by   INTEGER,
  PRIMARY KEY (campaign_id, member_id)
);
CREATE INDEX hardship_campaign_target_member ON hardship_campaign_target(member_id);
CREATE INDEX hardship_campaign_target_report ON hardship_campaign_target(org_path, disbursed_on,
  campaign_id, amount_fen, member_id) WHERE disbursed_on <> '';

-- No new permissions: hardship:read, hardship:write and hardship:approve (010) cover aid.
