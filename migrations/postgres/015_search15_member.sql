-- Finding people (issue 15): a search by a part of a name reads every member of the caller's
-- subtree. This index holds what that scan tests (the folded name, the list's filters and its
-- sort key), so the scan runs over the index alone and reads a member's row only for the page
-- shown (bench/search.sh: a 187 000-member county's count from ~2 s to ~0.05 s).
CREATE INDEX member_search ON member(org_id, name_fold, category, status, employment, held_from, name_key);
