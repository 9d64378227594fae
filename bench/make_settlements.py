#!/usr/bin/python3
"""Writes a realistic medical-insurance settlement file (the feed `niangjia aid ingest` reads).

make_settlements.py OUT RECORDS --people PEOPLE.csv [--year Y] [--seed S]

PEOPLE.csv is member_id,id_number,name,status of a demo database (bench/aid_people), so that the
records name real members. The file has the issue's header, CRLF lines, amounts in yuan:

- patients: 40 % of the members, drawn at random, so that a patient has 1.7 records on average
  and some many; 4 % of members are not active (not enrolled: outcome not_enrolled);
- visits: 75 % inpatient (a stay of 0–20 days), 20 % special outpatient, 5 % outpatient (the
  plan pays none: zero); self_paid_in_scope spread so that deductibles, every tier and the caps
  are reached; 1 % with a critical-illness diagnosis (the lump sum);
- discharge dates over April–December of year Y; 1.5 % in January–March (the waiting period of
  first-time enrolees), 0.2 % in the years around (out_of_period);
- 0.5 % of people no member (valid resident IDs of Hangzhou, which the Jinhua demo never
  issues), 0.5 % malformed records (six kinds, cycling), 0.3 % a settlement sent twice
  (duplicate), 0.3 % reversals of an earlier record of the file.
"""
import argparse
import csv
import random
from datetime import date, timedelta

HOSPITALS = ["金华市中心医院", "金华市人民医院", "浙江大学医学院附属第四医院", "义乌市中心医院",
             "东阳市人民医院", "永康市第一人民医院", "兰溪市人民医院", "金华市第二医院"]
DIAGNOSES = ["K35.8", "I63.9", "J18.9", "S72.0", "N20.0", "E11.9", "M51.2", "I21.0", "K80.2",
             "J44.1"]
CRITICAL = ["C34.1", "C50.9", "C18.7", "Z94.001", "N18.500"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
HEADER = ("settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,"
          "diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,"
          "original_settlement_id")


def check_char(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def outsider(i):
    """The i-th person who is no member: a resident ID of Hangzhou (3301xx)."""
    day = i // 999
    first17 = f"3301{2 + i % 9:02d}{1970 + day // 336 % 30:04d}{1 + day // 28 % 12:02d}" \
              f"{1 + day % 28:02d}{i % 999 + 1:03d}"
    return first17 + check_char(first17)


def yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def eligible_fen(rng):
    """self_paid_in_scope: many below the deductible, most in the first tiers, a fifth in the
    upper ones and a few large enough to reach the caps."""
    bucket = rng.randrange(100)
    if bucket < 30:
        return rng.randrange(10_000, 80_000)
    if bucket < 75:
        return rng.randrange(80_000, 1_500_000)
    if bucket < 95:
        return rng.randrange(1_500_000, 6_000_000)
    return rng.randrange(6_000_000, 15_000_000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("records", type=int)
    ap.add_argument("--people", required=True)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.people, encoding="utf-8") as f:
        people = [(row["id_number"], row["name"]) for row in csv.DictReader(f)]
    patients = rng.sample(people, max(1, len(people) * 2 // 5))
    jan1 = date(a.year, 1, 1)
    apr1 = date(a.year, 4, 1)
    later = (date(a.year, 12, 31) - apr1).days + 1

    written = []  # (settlement id, row) of normal records, for duplicates and reversals
    outsiders = 0
    with open(a.out, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for i in range(a.records):
            kind = rng.randrange(1000)
            if kind < 3 and written:  # a settlement sent twice
                out.write(rng.choice(written)[1])
                continue
            if kind < 6 and written:  # a reversal of an earlier record, with its figures
                original, row = rng.choice(written)
                cells = row.rstrip("\r\n").split(",")
                cells[0], cells[12], cells[13] = "CZ" + original, "reversal", original
                out.write(",".join(cells) + "\r\n")
                continue
            sid = f"JS3307{a.year}{(i * 7919 + 104729) % 10**10:010d}"
            if kind < 11:
                number, name = outsider(outsiders), "非会员"
                outsiders += 1
            else:
                number, name = rng.choice(patients)
            r = rng.randrange(1000)
            visit = "inpatient" if r < 750 else "special_outpatient" if r < 950 else "outpatient"
            when = rng.randrange(1000)
            if when < 15:
                discharge = jan1 + timedelta(days=rng.randrange(90))
            elif when < 17:
                discharge = jan1 + timedelta(days=rng.choice([-rng.randrange(1, 30),
                                                              365 + rng.randrange(1, 30)]))
            else:
                discharge = apr1 + timedelta(days=rng.randrange(later))
            stay = rng.randrange(21) if visit == "inpatient" else 0
            admission = discharge - timedelta(days=stay)
            diagnosis = rng.choice(CRITICAL) if rng.randrange(100) == 0 else rng.choice(DIAGNOSES)
            eligible = eligible_fen(rng)
            fund, out_of_scope = eligible * 2 + rng.randrange(100), eligible // 10
            cells = [sid, number, name, rng.choice(HOSPITALS), admission.isoformat(),
                     discharge.isoformat(), visit, diagnosis, yuan(eligible + fund + out_of_scope),
                     yuan(fund), yuan(eligible), yuan(out_of_scope), "normal", ""]
            if 11 <= kind < 16:  # malformed, in one of six ways
                bad = i % 6
                if bad == 0:
                    cells[1] = number[:17] + ("0" if number[17] != "0" else "1")
                elif bad == 1:
                    cells[4] = (discharge + timedelta(days=1)).isoformat()  # after discharge
                elif bad == 2:
                    cells[10] = yuan(eligible) + "5"  # three decimals
                elif bad == 3:
                    cells[10] = yuan(eligible + fund + out_of_scope + 1)  # more than the total
                elif bad == 4:
                    cells[6] = "dental"
                else:
                    cells[12] = "refund"
            row = ",".join(cells) + "\r\n"
            out.write(row)
            if kind >= 16 and len(written) < 200_000:
                written.append((sid, row))
            elif kind >= 16 and rng.randrange(5) == 0:
                written[rng.randrange(len(written))] = (sid, row)


if __name__ == "__main__":
    main()
