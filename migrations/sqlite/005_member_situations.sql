-- Where membership stays when work stops: a retired or unemployed member stays with the union
-- of the former unit (`employment`); when an employer closes, its union is closed (`closed_at`)
-- and its members are held by the union one level up (`held_from` names the closed union)
-- until a transfer moves them on.

ALTER TABLE member ADD COLUMN employment TEXT NOT NULL DEFAULT 'employed';
ALTER TABLE member ADD COLUMN held_from INTEGER REFERENCES org(id);
ALTER TABLE org ADD COLUMN closed_at INTEGER;
ALTER TABLE org ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
