-- Words instead of codes (issue 15, item 9): a portal step names the member it was done for, and
-- every dictionary entry has its English name beside the Chinese one.

-- The member a portal step was done for (auth::PortalFor); NULL for a user's or the platform's
-- own work. Hashed into the chain only when set, so older rows verify as before.
ALTER TABLE audit_log ADD COLUMN acting_member_id INTEGER;

ALTER TABLE bank ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE fund ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
UPDATE bank SET name_en = CASE code
  WHEN '102' THEN 'Industrial and Commercial Bank of China'
  WHEN '103' THEN 'Agricultural Bank of China'
  WHEN '104' THEN 'Bank of China'
  WHEN '105' THEN 'China Construction Bank'
  WHEN '301' THEN 'Bank of Communications'
  WHEN '302' THEN 'China CITIC Bank'
  WHEN '303' THEN 'China Everbright Bank'
  WHEN '304' THEN 'Hua Xia Bank'
  WHEN '305' THEN 'China Minsheng Bank'
  WHEN '306' THEN 'China Guangfa Bank'
  WHEN '307' THEN 'Ping An Bank'
  WHEN '308' THEN 'China Merchants Bank'
  WHEN '309' THEN 'Industrial Bank'
  WHEN '310' THEN 'Shanghai Pudong Development Bank'
  WHEN '313' THEN 'City commercial bank'
  WHEN '314' THEN 'Rural commercial bank'
  WHEN '402' THEN 'Rural credit cooperative'
  WHEN '403' THEN 'Postal Savings Bank of China'
  ELSE name END;
UPDATE fund SET name_en = CASE code
  WHEN 'mutual_aid' THEN 'Workers'' medical mutual aid fund'
  WHEN 'hardship' THEN 'Hardship relief fund'
  WHEN 'campaign' THEN 'Special campaign fund'
  ELSE name END;
