-- Data scope on every bulk path (issue 13, item 1): a plan belongs to an organisation (its
-- owner: the federation whose medical-insurance feed it takes), and its bulk jobs (the settlement
-- feed, enrolment by roster) are run at the owner's level by holders of aid:bulk. A settlement
-- line of someone who is not a member in the caller's scope has one outcome, out_of_scope, and
-- is not stored: the lines stored before as not_member carried nothing of a member.

ALTER TABLE aid_plan ADD COLUMN owner_org_id INTEGER REFERENCES org(id);
-- Plans imported before: owned by the importer's organisation, or the root of the tree when
-- imported from the command line.
UPDATE aid_plan SET owner_org_id = COALESCE(
  (SELECT u.org_id FROM app_user u WHERE u.id = aid_plan.created_by),
  (SELECT MIN(o.id) FROM org o WHERE o.parent_id IS NULL));

DELETE FROM aid_claim WHERE outcome = 'not_member';

UPDATE role SET permissions = permissions || ' aid:bulk' WHERE code = 'federation_admin';
