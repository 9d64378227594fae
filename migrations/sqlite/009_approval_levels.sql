-- Approvals over several levels: the reviewing organisations of an application in order (ids,
-- comma-separated; '' = the one reviewer_org_id of kinds decided at one level) and the level
-- deciding now.
ALTER TABLE application ADD COLUMN chain TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;
