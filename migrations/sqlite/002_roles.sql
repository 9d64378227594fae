-- Built-in roles. Permissions are space-separated; own_org_only narrows the scope to the user's
-- organisation alone instead of its subtree.
INSERT INTO role (code, name, permissions, own_org_only) VALUES
  ('federation_admin', '总工会管理员',
   'org:read org:write member:read member:write member:reveal user:admin audit:read', 0),
  ('clerk', '工会干事', 'org:read member:read member:write audit:read', 0),
  ('grassroots_chair', '基层工会主席', 'org:read member:read member:write member:reveal', 1),
  ('viewer', '只读用户', 'org:read member:read', 0);
