-- Whether a bank's cards carry an ISO/IEC 7812 check digit (Luhn): the national banks' debit
-- cards do, so a card number of theirs (16 to 19 digits) that fails the check is a typing
-- error; rural and city commercial banks and credit cooperatives issue some that do not.
ALTER TABLE bank ADD COLUMN card_luhn INTEGER NOT NULL DEFAULT 0;
UPDATE bank SET card_luhn = 1 WHERE code IN
  ('102', '103', '104', '105', '301', '302', '303', '304', '305', '306', '307', '308', '309',
   '310', '403');
