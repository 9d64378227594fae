-- The baseline of bench/aid_ingest.sh: the mutual-aid adjudication (rules.h, clauses 1–7) written
-- as one SQL statement in PostgreSQL, as a team without the rules engine would write it, over
-- tables loaded with \copy:
--   feed(line, settlement_id … original_settlement_id)  the settlement file, `line` in file order
--   person(member_id, id_number, name, status)          the registry (ID numbers in clear)
--   enrolment(member_id, start_date, waiting_end)       the plan's enrolments
--   benefit(visit, deductible, cap), tier(visit, lo, hi, percent)  the plan (BENCH-2025)
-- It writes claim(line, settlement_id, member_id, outcome, eligible, benefit, lump, reason): one
-- row per record, as the engine decides it; step by step, in temporary tables the planner has
-- statistics of (as one statement, the planner joined the reversals by nested loops over a
-- million rows). Where it simplifies:
--   clause 1: the resident ID is checked for its shape and check character, not its birth date
--     or address code; dates for their shape (an impossible date such as 2025-02-30 would stop
--     the statement instead of making the record invalid);
--   clauses 2–7: one run, nothing before it: duplicates and reversals are found within the file,
--     running totals, caps and the lump sum start at zero (the engine carries them over);
--   clause 4 is exact through window sums: with amounts that are never negative, capping each
--     record in turn at what remains equals least(cap, running sum) minus the same before it.
-- The cumulative tiered computation (clause 3) is done per member and visit type with window
-- functions over (discharge date, settlement id), as clause 6 orders it.
CREATE TEMP TABLE checked AS
SELECT line, settlement_id, id_number, discharge_date, visit_type, diagnosis_code,
  self_paid_in_scope, record_type, original_settlement_id,
  CASE
    WHEN settlement_id = '' OR length(settlement_id) > 64 THEN 'settlement_id'
    WHEN upper(id_number) !~ '^[0-9]{17}[0-9X]$' THEN 'id_number'
    WHEN substr('10X98765432',
           (7 * substr(id_number, 1, 1)::int + 9 * substr(id_number, 2, 1)::int +
            10 * substr(id_number, 3, 1)::int + 5 * substr(id_number, 4, 1)::int +
            8 * substr(id_number, 5, 1)::int + 4 * substr(id_number, 6, 1)::int +
            2 * substr(id_number, 7, 1)::int + 1 * substr(id_number, 8, 1)::int +
            6 * substr(id_number, 9, 1)::int + 3 * substr(id_number, 10, 1)::int +
            7 * substr(id_number, 11, 1)::int + 9 * substr(id_number, 12, 1)::int +
            10 * substr(id_number, 13, 1)::int + 5 * substr(id_number, 14, 1)::int +
            8 * substr(id_number, 15, 1)::int + 4 * substr(id_number, 16, 1)::int +
            2 * substr(id_number, 17, 1)::int) % 11 + 1, 1) <> upper(substr(id_number, 18, 1))
      THEN 'id_number'
    WHEN admission_date !~ '^\d{4}-\d{2}-\d{2}$' THEN 'admission_date'
    WHEN discharge_date !~ '^\d{4}-\d{2}-\d{2}$' THEN 'discharge_date'
    WHEN admission_date::date > discharge_date::date THEN 'admission_date'
    WHEN total !~ '^\d+(\.\d{1,2})?$' THEN 'total'
    WHEN fund_paid !~ '^\d+(\.\d{1,2})?$' THEN 'fund_paid'
    WHEN self_paid_in_scope !~ '^\d+(\.\d{1,2})?$' THEN 'self_paid_in_scope'
    WHEN self_paid_out_of_scope !~ '^\d+(\.\d{1,2})?$' THEN 'self_paid_out_of_scope'
    WHEN self_paid_in_scope::numeric > total::numeric THEN 'self_paid_in_scope'
    WHEN visit_type NOT IN ('inpatient', 'special_outpatient', 'outpatient') THEN 'visit_type'
    WHEN record_type NOT IN ('normal', 'reversal') THEN 'record_type'
    WHEN record_type = 'reversal' AND coalesce(original_settlement_id, '') = ''
      THEN 'original_settlement_id'
  END AS fault
FROM feed;

-- Clause 2, duplicates: the first line of a settlement id is the settlement.
CREATE TEMP TABLE valid AS
SELECT line, settlement_id, upper(id_number) AS id_number, discharge_date::date AS discharge,
       visit_type, upper(diagnosis_code) AS diagnosis,
       (self_paid_in_scope::numeric * 100)::bigint AS eligible, record_type,
       original_settlement_id,
       row_number() OVER (PARTITION BY settlement_id ORDER BY line) AS nth
FROM checked WHERE fault IS NULL;
ANALYZE valid;

-- Clause 2, the other refusals.
CREATE TEMP TABLE normal AS
SELECT v.*, p.member_id,
  CASE
    WHEN p.member_id IS NULL THEN 'out_of_scope'
    WHEN v.discharge NOT BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' THEN 'out_of_period'
    WHEN e.member_id IS NULL OR e.start_date > v.discharge THEN 'not_enrolled'
    WHEN v.discharge < e.waiting_end THEN 'waiting_period'
  END AS refused
FROM valid v
LEFT JOIN person p ON p.id_number = v.id_number
LEFT JOIN enrolment e ON e.member_id = p.member_id
WHERE v.nth = 1 AND v.record_type = 'normal';
ANALYZE normal;

-- Clauses 3–5 for the records not refused, in (discharge date, settlement id) order per member.
CREATE TEMP TABLE decided AS
WITH running AS (  -- clause 3: E, the member's eligible amount of the visit type before
  SELECT n.line, n.settlement_id, n.member_id, n.visit_type, n.discharge, n.eligible,
         n.diagnosis, b.deductible, b.cap,
         (sum(n.eligible) OVER w - n.eligible)::bigint AS before  -- sum() answers numeric
  FROM normal n LEFT JOIN benefit b ON b.visit = n.visit_type
  WHERE n.refused IS NULL
  WINDOW w AS (PARTITION BY n.member_id, n.visit_type
               ORDER BY n.discharge, n.settlement_id COLLATE "C")
),
tiered AS (  -- clause 3: each tier's part of [E, E + a) above the deductible, half up to the fen
  SELECT r.*, coalesce(x.uncapped, 0)::bigint AS uncapped
  FROM running r
  LEFT JOIN LATERAL (
    SELECT sum((greatest(0, least(coalesce(t.hi, 9000000000000000000),
                                  greatest(0, r.before + r.eligible - r.deductible))
                            - greatest(t.lo, greatest(0, r.before - r.deductible)))
                * t.percent + 50) / 100) AS uncapped
    FROM tier t WHERE t.visit = r.visit_type) x ON true
),
visit_capped AS (  -- clause 4: what remains of the visit type's cap
  SELECT t.*,
    coalesce(least(t.cap, sum(t.uncapped) OVER w)
             - least(t.cap, sum(t.uncapped) OVER w - t.uncapped), 0)::bigint AS in_cap
  FROM tiered t
  WINDOW w AS (PARTITION BY t.member_id, t.visit_type
               ORDER BY t.discharge, t.settlement_id COLLATE "C")
)
-- Clause 4, then of the overall cap; clause 5, the lump sum once per member.
SELECT c.line, c.settlement_id, c.member_id, c.eligible,
  (least(6000000, sum(c.in_cap) OVER w) - least(6000000, sum(c.in_cap) OVER w - c.in_cap))::bigint
    AS benefit,
  CASE WHEN (c.diagnosis LIKE 'C%' OR c.diagnosis LIKE 'Z94.0%' OR c.diagnosis LIKE 'N18.5%')
        AND row_number() OVER (PARTITION BY c.member_id,
                                 (c.diagnosis LIKE 'C%' OR c.diagnosis LIKE 'Z94.0%'
                                  OR c.diagnosis LIKE 'N18.5%')
                               ORDER BY c.discharge, c.settlement_id COLLATE "C") = 1
       THEN 500000 ELSE 0 END AS lump
FROM visit_capped c
WINDOW w AS (PARTITION BY c.member_id ORDER BY c.discharge, c.settlement_id COLLATE "C");
ANALYZE decided;

-- Clause 7: the first reversal of a paid or zero original takes it all back.
CREATE TEMP TABLE reversed AS
SELECT v.line, d.member_id, d.benefit, d.lump,
       row_number() OVER (PARTITION BY v.original_settlement_id ORDER BY v.line) AS nth
FROM valid v JOIN decided d ON d.settlement_id = v.original_settlement_id
WHERE v.nth = 1 AND v.record_type = 'reversal';

CREATE TABLE claim AS
SELECT line, settlement_id, NULL::bigint AS member_id, 'invalid' AS outcome, 0::bigint AS eligible,
       0::bigint AS benefit, 0::bigint AS lump, fault AS reason
  FROM checked WHERE fault IS NOT NULL
UNION ALL
SELECT line, settlement_id, NULL, 'duplicate', 0, 0, 0, '' FROM valid WHERE nth > 1
UNION ALL
SELECT line, settlement_id, member_id, refused, 0, 0, 0, '' FROM normal WHERE refused IS NOT NULL
UNION ALL
SELECT line, settlement_id, member_id, CASE WHEN benefit + lump > 0 THEN 'paid' ELSE 'zero' END,
       eligible, benefit, lump, ''
  FROM decided
UNION ALL
SELECT v.line, v.settlement_id, r.member_id,
       CASE WHEN r.nth = 1 THEN 'reversal' ELSE 'invalid' END,
       0, CASE WHEN r.nth = 1 THEN -r.benefit ELSE 0 END, CASE WHEN r.nth = 1 THEN -r.lump ELSE 0 END,
       CASE WHEN r.line IS NULL THEN 'original unknown or not paid'
            WHEN r.nth = 1 THEN '' ELSE 'original reversed already' END
  FROM valid v LEFT JOIN reversed r ON r.line = v.line
  WHERE v.nth = 1 AND v.record_type = 'reversal';
