-- Mutual medical aid, continued: what each level of the tree pays of its members' contribution,
-- the contributions unions have paid, claims entered by hand (for what the settlement feed does
-- not carry), and evidence files (invoice photos) linked to any record.

-- A level of the tree pays `per_member_fen` of the contribution of every member enrolled in its
-- subtree (the county pays 10 yuan of the 50); the member's share is what the levels leave.
CREATE TABLE aid_subsidy (
  plan_code      TEXT NOT NULL,
  org_id         INTEGER NOT NULL REFERENCES org(id),
  per_member_fen INTEGER NOT NULL CHECK (per_member_fen > 0),
  updated_by     INTEGER,
  updated_at     INTEGER NOT NULL,
  PRIMARY KEY (plan_code, org_id)
);

-- Contributions a union has paid for its members' shares.
CREATE TABLE aid_payment (
  id         INTEGER PRIMARY KEY,
  plan_code  TEXT NOT NULL,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  org_path   TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_on    TEXT NOT NULL,
  reference  TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX aid_payment_plan ON aid_payment(plan_code, org_path);

-- A claim entered by hand, by the member on the portal (submitted_by NULL) or by a clerk.
-- state: submitted → checked → approved | rejected; an approved claim is paid through payout
-- (its item's source id is "<plan>:hand:<id>") and adjudicated like a settlement "hand:<id>".
CREATE TABLE aid_hand_claim (
  id             INTEGER PRIMARY KEY,
  plan_code      TEXT NOT NULL,
  member_id      INTEGER NOT NULL REFERENCES member(id),
  state          TEXT NOT NULL DEFAULT 'submitted',
  visit_type     TEXT NOT NULL,
  hospital       TEXT NOT NULL,
  admission_date TEXT NOT NULL,
  discharge_date TEXT NOT NULL,
  diagnosis_code TEXT NOT NULL DEFAULT '',
  total_fen      INTEGER NOT NULL,
  fund_paid_fen  INTEGER NOT NULL,
  in_scope_fen   INTEGER NOT NULL,
  out_scope_fen  INTEGER NOT NULL,
  outcome        TEXT,
  amount_fen     INTEGER,
  reason         TEXT NOT NULL DEFAULT '',
  submitted_by   INTEGER,
  submitted_at   INTEGER NOT NULL,
  checked_by     INTEGER,
  checked_at     INTEGER,
  decided_by     INTEGER,
  decided_at     INTEGER
);
CREATE INDEX aid_hand_claim_member ON aid_hand_claim(member_id);
CREATE INDEX aid_hand_claim_open ON aid_hand_claim(state, submitted_at);

-- An uploaded file (a photo of an invoice, a certificate) kept on disk by its SHA-256 and linked
-- to the record it supports.
CREATE TABLE evidence (
  id          INTEGER PRIMARY KEY,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  file_name   TEXT NOT NULL,
  uploaded_by INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX evidence_entity ON evidence(entity, entity_id);
