#!/usr/bin/python3
"""Writes a realistic member roster for import tests and benchmarks.

make_roster.py OUT ROWS [--seed S] [--bad PERCENT] [--encoding utf-8|utf-8-sig|gbk] [--xlsx]
               [--start N]

Chinese names, valid and unique resident IDs (GB 11643 check character), mobile phones,
employers, categories and join dates; PERCENT of the rows (default 1) are wrong in one of six
ways, cycling: a bad check character, a bad phone, an unknown category, a join date in the
future, an empty name, and the same person as an earlier row. --start offsets the people, so two
files with different starts share nobody. .xlsx is written with openpyxl (write-only mode).
"""
import argparse
import csv
import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲斌鹏宇浩凯晨欣怡婷雪琳晶海波峰丹萍红飞俊帅佳慧莉倩燕鑫亮成志国"
# Hangzhou's districts: workers who moved to Jinhua, and IDs the Jinhua demo never issues.
COUNTIES = ["330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112", "330113"]
CATEGORIES = ["一线职工", "管理人员", "专业技术人员", "快递员", "外卖骑手", "网约车司机", "货车司机", "其他"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_char(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def person(i, rng):
    """The i-th person: an ID unique for i (sequence and birth date derive from it)."""
    county = COUNTIES[i % len(COUNTIES)]
    day = i // 999  # 999 sequence numbers per birth date and county
    year, month, dom = 1960 + (day // 336) % 45, 1 + (day // 28) % 12, 1 + day % 28
    seq = i % 999 + 1
    first17 = f"{county}{year:04d}{month:02d}{dom:02d}{seq:03d}"
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    return name, first17 + check_char(first17), phone


def rows(n, seed, bad_percent, start):
    rng = random.Random(seed)
    every = int(100 / bad_percent) if bad_percent > 0 else 0
    kinds = 0
    for i in range(n):
        name, id_number, phone = person(start + i, rng)
        employer = f"金华市{rng.choice('东南西北中')}{rng.choice('华兴盛达元丰')}有限公司"
        category = rng.choice(CATEGORIES)
        # Joined at 18 or older, since 2000, before 2026.
        first_year = min(max(2000, int(id_number[6:10]) + 19), 2025)
        join = f"{rng.randrange(first_year, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        if every and i % every == every - 1:
            kind = kinds % 6
            kinds += 1
            if kind == 0:
                id_number = id_number[:17] + ("0" if id_number[17] != "0" else "1")
            elif kind == 1:
                phone = "12345"
            elif kind == 2:
                category = "宇航员"
            elif kind == 3:
                join = "2999-01-01"
            elif kind == 4:
                name = ""
            else:
                name, id_number, phone = person(start + i - 1, random.Random(seed))
                name, id_number = "重复者", id_number
        yield [name, id_number, phone, employer, category, join]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("rows", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bad", type=float, default=1.0)
    p.add_argument("--encoding", default="utf-8")
    p.add_argument("--xlsx", action="store_true")
    p.add_argument("--start", type=int, default=0)
    a = p.parse_args()
    header = ["姓名", "身份证号", "手机号", "工作单位", "职工类别", "入会日期"]
    if a.xlsx:
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("会员")
        ws.append(header)
        for r in rows(a.rows, a.seed, a.bad, a.start):
            ws.append(r)
        wb.save(a.out)
    else:
        with open(a.out, "w", encoding=a.encoding, newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows(a.rows, a.seed, a.bad, a.start))


if __name__ == "__main__":
    main()
