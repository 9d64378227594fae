-- Approvals (issue 14): a hardship grant's application names its grant as every kind names its
-- subject, a JSON object ({"grant_id":<id>}), no longer the text "grant:<id>" (shown as payload
-- null).
UPDATE application SET payload = '{"grant_id":' || substr(payload, 7) || '}'
WHERE kind = 'hardship_grant' AND payload LIKE 'grant:%';
