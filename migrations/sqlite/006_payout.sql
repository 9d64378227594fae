-- 一卡通 (one-card payout): members' bank accounts, payout items handed over by any module,
-- batches (maker–checker through the approval flow), bank files, reconciliation, and a
-- double-entry ledger per fund. Money is integer fen throughout.

-- Banks by their CNAPS bank-class code (the first three digits of a bank's clearing number).
CREATE TABLE bank (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO bank (code, name) VALUES
  ('102', '中国工商银行'), ('103', '中国农业银行'), ('104', '中国银行'), ('105', '中国建设银行'),
  ('301', '交通银行'), ('302', '中信银行'), ('303', '中国光大银行'), ('304', '华夏银行'),
  ('305', '中国民生银行'), ('306', '广发银行'), ('307', '平安银行'), ('308', '招商银行'),
  ('309', '兴业银行'), ('310', '上海浦东发展银行'), ('313', '城市商业银行'),
  ('314', '农村商业银行'), ('402', '农村信用合作社'), ('403', '中国邮政储蓄银行');

-- Funds that pay, each with its own journal.
CREATE TABLE fund (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
INSERT INTO fund (code, name) VALUES
  ('mutual_aid', '职工医疗互助保障金'), ('hardship', '困难职工帮扶资金'), ('campaign', '专项活动资金');

-- A member's bank accounts over time: a change closes the current row (valid_to) and adds one.
-- A batch binds each item to the row current at batch time.
CREATE TABLE payout_account (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES member(id),
  bank_code      TEXT NOT NULL REFERENCES bank(code),
  account_enc    BLOB NOT NULL,
  account_idx    BLOB NOT NULL,
  account_masked TEXT NOT NULL,
  holder         TEXT NOT NULL,
  luhn_ok        INTEGER NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  created_by     INTEGER,
  valid_from     INTEGER NOT NULL,
  valid_to       INTEGER
);
CREATE UNIQUE INDEX payout_account_current ON payout_account(member_id) WHERE valid_to IS NULL;
CREATE INDEX payout_account_history ON payout_account(member_id, valid_from);

-- What a module asked to pay. (source_module, source_id) is unique: asking twice finds the first.
-- state: pending (batch_id NULL) → batched → paid; a failed payment goes back to pending.
CREATE TABLE payout_item (
  id            INTEGER PRIMARY KEY,
  source_module TEXT NOT NULL,
  source_id     TEXT NOT NULL,
  member_id     INTEGER NOT NULL REFERENCES member(id),
  org_id        INTEGER NOT NULL REFERENCES org(id),
  org_path      TEXT NOT NULL,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
  purpose       TEXT NOT NULL,
  fund          TEXT NOT NULL REFERENCES fund(code),
  state         TEXT NOT NULL DEFAULT 'pending',
  batch_id      INTEGER,
  account_id    INTEGER REFERENCES payout_account(id),
  paid_at       INTEGER,
  last_failure  TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  UNIQUE (source_module, source_id)
);
-- Not partial on state: moving a million items out of 'pending' would rewrite it entry by entry.
CREATE INDEX payout_item_org ON payout_item(fund, org_path);
CREATE INDEX payout_item_batch ON payout_item(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX payout_item_member ON payout_item(member_id);

-- A batch of one fund's pending items in one organisation's subtree.
-- state: draft → approved → exported → reconciled, or cancelled before export.
CREATE TABLE payout_batch (
  id             INTEGER PRIMARY KEY,
  fund           TEXT NOT NULL REFERENCES fund(code),
  org_id         INTEGER NOT NULL REFERENCES org(id),
  org_path       TEXT NOT NULL,
  state          TEXT NOT NULL,
  item_count     INTEGER NOT NULL,
  total_fen      INTEGER NOT NULL,
  application_id INTEGER REFERENCES application(id),
  created_by     INTEGER,
  created_at     INTEGER NOT NULL,
  file_format    TEXT NOT NULL DEFAULT '',
  file_sha256    TEXT NOT NULL DEFAULT '',
  exported_at    INTEGER,
  paid_count     INTEGER NOT NULL DEFAULT 0,
  paid_fen       INTEGER NOT NULL DEFAULT 0,
  failed_count   INTEGER NOT NULL DEFAULT 0,
  failed_fen     INTEGER NOT NULL DEFAULT 0,
  reconciled_at  INTEGER,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX payout_batch_org ON payout_batch(org_path);

-- Each failed attempt to pay an item, as the bank reported it.
CREATE TABLE payout_failure (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES payout_item(id),
  batch_id INTEGER NOT NULL REFERENCES payout_batch(id),
  -- the account the failed payment went to (the item's binding is cleared for the next batch)
  account_id INTEGER NOT NULL REFERENCES payout_account(id),
  reason   TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX payout_failure_item ON payout_failure(item_id);
CREATE INDEX payout_failure_batch ON payout_failure(batch_id);

-- The journal: each entry moves amount_fen from `credit` to `debit` within one fund, so every
-- entry balances by construction. An item is owed when it is requested (expense / payable) and
-- paid when the bank confirms it (payable / bank). Entries are never changed: a correction is a
-- new entry. One entry per (item, kind): nothing is posted twice. The journal is written by
-- this module alone, from its items: its columns carry no foreign keys, whose checks would
-- double the cost of posting a million payments; `niangjia ledger verify` checks instead that
-- every entry belongs to an item and a fund.
CREATE TABLE ledger_entry (
  id         INTEGER PRIMARY KEY,
  fund       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  item_id    INTEGER,
  batch_id   INTEGER,
  org_id     INTEGER NOT NULL,
  debit      TEXT NOT NULL,
  credit     TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  posted_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX ledger_entry_once ON ledger_entry(item_id, kind);

-- Balances per fund, ledger account and organisation (own postings), kept with each posting.
CREATE TABLE ledger_balance (
  fund        TEXT NOT NULL,
  account     TEXT NOT NULL,
  org_id      INTEGER NOT NULL,
  balance_fen INTEGER NOT NULL,
  PRIMARY KEY (fund, account, org_id)
);

UPDATE role SET permissions = permissions || ' payout:read payout:write payout:approve'
 WHERE code = 'federation_admin';
UPDATE role SET permissions = permissions || ' payout:read payout:write' WHERE code = 'clerk';
