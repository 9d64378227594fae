-- Payouts that stall on missing bank accounts (issue 15): the list of members with money waiting
-- and no account reads the pending items only. Paid items pile up over the years while pending
-- ones stay few, so this partial index keeps that list proportional to what is pending, not to
-- everything ever paid.
CREATE INDEX payout_item_pending ON payout_item(member_id) WHERE state = 'pending';
