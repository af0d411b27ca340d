#!/usr/bin/env python3
"""Writes the demo rosters (350602-xiangcheng.toml, 310105-changning.toml) next to this script.

Fictional people only: names are drawn from common surnames and given-name characters, ID numbers
use the non-existent region 999999, phones the 199-0596 / 199-0021 blocks, and addresses say 示例.
Deterministic (seeded), so a regenerated file only changes when this script does. Run:
    python3 data/demo/roster/generate.py
"""
import datetime as dt
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆汪范廖石金韦贾夏付方邹熊孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武戴孔汤庞"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文斌宇浩凯俊峰琳晨倩婷雪颖欣悦思雨嘉诚志宏海波毅彬立新鑫昊天瑞博航铭振国栋梁晓东春燕红梅云飞祥龙泽"

# Reasons as an order would word them.
SUSPEND = ["执法过程中未出示执法证件，暂扣执法证", "违反执法程序被投诉查实，暂扣执法证", "未按规定参加年度法律知识考试，暂扣执法证"]
REINSTATE = ["整改完成并经考试合格，恢复执法资格", "暂扣期满经审核，恢复执法资格"]
REVOKE = ["调离行政执法岗位，注销执法证", "退休，注销执法证", "违法违纪，吊销执法证"]


class Names:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def next(self):
        while True:
            n = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2, 2])))
            if n not in self.used:
                self.used.add(n)
                return n


def id_number(rng, birth):
    body = "999999" + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def day(rng, start, end):
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class District:
    def __init__(self, code, prefix, area, issuer, number_prefix, phone_block, city, seed):
        self.code, self.prefix, self.area, self.issuer = code, prefix, area, issuer
        self.number_prefix, self.phone_block, self.city = number_prefix, phone_block, city
        self.rng = random.Random(seed)
        # One name pool for both districts: nobody shares a name, so a test can look for one.
        self.names = NAMES
        self.officers = []
        self.auxiliaries = []
        self.seq = 0
        self.specials = []  # (officer index, kind)

    def certificate(self, categories, area):
        rng = self.rng
        self.seq += 1
        number = f"{self.number_prefix}{self.seq:05d}"
        issued = day(rng, dt.date(2021, 10, 1), dt.date(2025, 6, 30))
        until = issued.replace(year=issued.year + 5) - dt.timedelta(days=1)
        history = [{"event": "issued", "date": issued, "valid_until": until}]
        if issued < dt.date(2022, 1, 1) and rng.random() < 0.5:
            renewed = issued.replace(year=issued.year + 4)
            history.append({"event": "renewed", "date": renewed, "valid_until": renewed.replace(year=renewed.year + 5) - dt.timedelta(days=1)})
        return {"number": number, "issuer": self.issuer, "categories": categories, "area": area, "history": history}

    def personal(self, n):
        rng = self.rng
        birth = day(rng, dt.date(1968, 1, 1), dt.date(2000, 12, 31))
        return {
            "id_number": id_number(rng, birth),
            "birth_date": birth,
            "phone": f"199{self.phone_block}{n:04d}",
            "home_address": f"{self.city}示例小区 {rng.randrange(1, 40)} 幢 {rng.randrange(1, 30)}0{rng.randrange(1, 5)} 室",
        }

    def officer(self, unit, categories, area, secondments=()):
        n = len(self.officers) + 1
        o = {"id": f"{self.prefix}-o{n:03d}", "name": self.names.next(), **unit,
             "certificate": self.certificate(categories, area), "secondments": list(secondments),
             "personal": self.personal(n)}
        self.officers.append(o)
        return o

    def auxiliary(self, unit):
        n = len(self.auxiliaries) + 1
        self.auxiliaries.append({"id": f"{self.prefix}-a{n:03d}", "name": self.names.next(), **unit,
                                 "personal": self.personal(900 + n)})

    def department(self, dept, categories, count, postings, share):
        """`count` officers of `dept`, the first `ceil(count * share)` seconded round `postings`."""
        seconded = -(-count * share // 100)
        for i in range(count):
            secondments = []
            if i < seconded:
                to = postings[i % len(postings)]
                start = day(self.rng, dt.date(2022, 1, 1), dt.date(2024, 6, 30))
                secondments.append({**to, "from": start})
            self.officer({"department": dept}, categories, self.area, secondments)

    def events(self):
        """Expired, suspended (one reinstated), revoked: a few of each, spread over the units."""
        rng = self.rng
        picks = rng.sample(range(len(self.officers)), 11)
        today = dt.date(2026, 11, 23)
        for k, i in enumerate(picks):
            h = self.officers[i]["certificate"]["history"]
            start = h[-1]["date"]
            if k < 3:  # expired: issued long ago, never renewed
                issued = day(rng, dt.date(2019, 1, 1), dt.date(2020, 6, 30))
                self.officers[i]["certificate"]["history"] = [{"event": "issued", "date": issued, "valid_until": issued.replace(year=issued.year + 5) - dt.timedelta(days=1)}]
            elif k < 6:  # suspended, still
                h.append({"event": "suspended", "date": day(rng, max(start, dt.date(2026, 3, 1)), dt.date(2026, 10, 31)), "reason": SUSPEND[k - 3]})
            elif k < 8:  # suspended, then reinstated
                s = day(rng, max(start, dt.date(2024, 1, 1)) + dt.timedelta(days=1), dt.date(2026, 6, 30))
                h.append({"event": "suspended", "date": s, "reason": SUSPEND[k - 6]})
                h.append({"event": "reinstated", "date": s + dt.timedelta(days=rng.randrange(30, 120)), "reason": REINSTATE[k - 6]})
            else:  # revoked
                h.append({"event": "revoked", "date": day(rng, max(start, dt.date(2025, 1, 1)) + dt.timedelta(days=1), today - dt.timedelta(days=30)), "reason": REVOKE[k - 8]})

    def write(self, path, header):
        out = [header, f'district = "{self.code}"', ""]
        for o in self.officers:
            out += ["[[officers]]", f'id = "{o["id"]}"', f'name = "{o["name"]}"']
            for key in ("team", "department"):
                if key in o:
                    out.append(f'{key} = "{o[key]}"')
            if o["secondments"]:
                items = []
                for s in o["secondments"]:
                    place = "locality" if "locality" in s else "zone"
                    items.append(f'{{ {place} = "{s[place]}", from = "{s["from"]}" }}')
                out.append(f'secondments = [{", ".join(items)}]')
            c = o["certificate"]
            cats = ", ".join(f'"{x}"' for x in c["categories"])
            out += ["[officers.certificate]", f'number = "{c["number"]}"', f'issuer = "{c["issuer"]}"',
                    f"categories = [{cats}]", f'area = "{c["area"]}"', "history = ["]
            for h in c["history"]:
                fields = [f'event = "{h["event"]}"', f'date = "{h["date"]}"']
                if "valid_until" in h:
                    fields.append(f'valid_until = "{h["valid_until"]}"')
                if "reason" in h:
                    fields.append(f'reason = "{h["reason"]}"')
                out.append(f"  {{ {', '.join(fields)} }},")
            out.append("]")
            out += personal_lines("officers", o["personal"])
            out.append("")
        for a in self.auxiliaries:
            out += ["[[auxiliaries]]", f'id = "{a["id"]}"', f'name = "{a["name"]}"']
            for key in ("team", "department"):
                if key in a:
                    out.append(f'{key} = "{a[key]}"')
            out += personal_lines("auxiliaries", a["personal"])
            out.append("")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(out))


def personal_lines(table, p):
    return [f"[{table}.personal]", f'id_number = "{p["id_number"]}"', f'birth_date = "{p["birth_date"]}"',
            f'phone = "{p["phone"]}"', f'home_address = "{p["home_address"]}"']


LOCALITY_DOMAINS = ["housing_construction", "natural_resources", "market_regulation", "ecology", "water",
                    "agriculture", "emergency_management", "health", "civil_affairs"]


def locality_team(d, team, area, count, aux):
    for _ in range(count):
        extra = d.rng.sample(LOCALITY_DOMAINS, d.rng.randrange(2, 6))
        cats = ["urban_management"] + [x for x in LOCALITY_DOMAINS if x in extra]
        d.officer({"team": team}, cats, area)
    for _ in range(aux):
        d.auxiliary({"team": team})


def xiangcheng():
    d = District("350602", "xc", "芗城区", "漳州市人民政府", "闽350602", "0596", "漳州市芗城区", 350602)
    localities = [("xinqiao", "新桥街道"), ("xiangkou", "巷口街道"), ("nankeng", "南坑街道"), ("dongputou", "东铺头街道"),
                  ("xiqiao", "西桥街道"), ("tongbei", "通北街道"), ("zhishan", "芝山街道"), ("shiting", "石亭街道"),
                  ("tianbao", "天宝镇"), ("punan", "浦南镇")]
    for slug, name in localities:
        locality_team(d, f"xc-{slug}-team", f"芗城区{name}", d.rng.randrange(10, 13), 3)
    loc = [{"locality": f"xc-{slug}"} for slug, _ in localities]
    zones = [{"zone": z} for z in ("xc-east", "xc-central", "xc-west")]
    # "1+8": the bureau and eight departments second at least half their officers, to localities
    # and to zones; the others second at least half of their few.
    plan = [
        ("xc-cgzf", ["urban_management"], 16, 60),
        ("xc-zjj", ["housing_construction", "fire_safety"], 10, 60),
        ("xc-zrzyj", ["natural_resources"], 10, 60),
        ("xc-scjgj", ["market_regulation"], 11, 55),
        ("xc-nyncj", ["agriculture"], 9, 56),
        ("xc-wsjkj", ["health"], 9, 56),
        ("xc-yjglj", ["emergency_management"], 9, 56),
        ("xc-slj", ["water"], 8, 50),
        ("xc-sthj", ["ecology"], 9, 56),
        ("xc-xfjy", ["fire_safety"], 4, 50),
        ("xc-wtlj", ["culture_tourism"], 4, 50),
        ("xc-jtysj", ["transport"], 4, 50),
        ("xc-mzj", ["civil_affairs"], 3, 67),
        ("xc-jyj", ["education"], 3, 67),
        ("xc-rfb", ["civil_air_defence"], 2, 50),
    ]
    for i, (dept, cats, count, share) in enumerate(plan):
        postings = zones[i % 3:] + loc[i % 10:] + loc[:i % 10] + zones[:i % 3]
        d.department(dept, cats, count, postings, share)
    d.events()
    return d


def changning():
    d = District("310105", "cn", "长宁区", "上海市人民政府", "沪310105", "0021", "上海市长宁区", 310105)
    localities = [("huayanglu", "华阳路街道"), ("jiangsulu", "江苏路街道"), ("xinhualu", "新华路街道"),
                  ("zhoujiaqiao", "周家桥街道"), ("tianshanlu", "天山路街道"), ("xianxia", "仙霞新村街道"),
                  ("hongqiao", "虹桥街道"), ("chengjiaqiao", "程家桥街道"), ("beixinjing", "北新泾街道"),
                  ("xinjing", "新泾镇")]
    for slug, name in localities:
        locality_team(d, f"cn-{slug}-team", f"长宁区{name}", d.rng.randrange(5, 7), 2)
    for _ in range(8):
        d.officer({"team": "cn-mobile"}, ["urban_management"], "长宁区")
    for _ in range(5):
        d.officer({"team": "cn-linkong-team"}, ["urban_management"], "长宁区虹桥临空经济园区")
    loc = [{"locality": f"cn-{slug}"} for slug, _ in localities]
    plan = [
        ("cn-scjgj", ["market_regulation"], 3),
        ("cn-ghzyj", ["natural_resources"], 2),
        ("cn-jsglw", ["housing_construction"], 3),
        ("cn-lhsrj", ["urban_management"], 2),
        ("cn-sthjj", ["ecology"], 2),
        ("cn-wjw", ["health"], 2),
        ("cn-yjglj", ["emergency_management"], 2),
    ]
    for i, (dept, cats, count) in enumerate(plan):
        d.department(dept, cats, count, loc[i:] + loc[:i], 50)
    d.events()
    return d


NAMES = Names(random.Random(2026))

HEADER = """# {name}'s officer roster (行政执法人员名单) and auxiliaries (执法辅助人员), generated by
# generate.py in this directory. Every person, certificate number, ID number, phone and address is
# fictional demo data (示例数据); the personal fields are what the staff side keeps and the public
# never sees."""

if __name__ == "__main__":
    xiangcheng().write(os.path.join(HERE, "350602-xiangcheng.toml"), HEADER.format(name="芗城区"))
    changning().write(os.path.join(HERE, "310105-changning.toml"), HEADER.format(name="长宁区"))
