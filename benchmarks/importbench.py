"""The import benchmark's input: a 12345 work-order sheet of N invented records (a year and
more of a district's hotline), two in three of them old (history), most with a reply and a
call-back rating, and an estate that declares the hotline as a ref source."""
from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ["工单编号", "来电时间", "诉求标题", "诉求内容", "诉求分类", "办理状态", "承办单位", "办理结果", "办结时间",
          "回访满意度", "回访时间", "来电号码"]
CATEGORIES = ["房屋维修", "环境卫生", "路灯照明", "停车管理", "供排水", "消防安全", "养老服务", "充电设施"]
WHAT = ["楼道灯不亮，晚上看不清台阶", "门口积水，雨后进出不便", "垃圾桶满了两天没人清运", "电动车在楼道充电有隐患",
        "下水道返水，有异味", "消防通道被杂物堵住", "屋顶渗水，墙面发霉", "老年食堂菜价希望公示"]
UNITS = ["某某物业服务有限公司", "西溪街道城管科", "西溪街道综合执法队", "社区居委会"]
SATISFACTION = ["满意", "基本满意", "不满意", "非常满意", ""]


def write_sheet(path: Path, n: int, seed: int = 18) -> None:
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1, 8, 0)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(n):
            filed = start + timedelta(minutes=rnd.randrange(0, 60 * 24 * 420))
            if filed >= datetime(2026, 3, 1):
                filed = filed - timedelta(days=300)  # keep the sheet old: history, as a first import is
            what = rnd.choice(WHAT)
            b = rnd.randrange(1, 13)
            replied = filed + timedelta(hours=rnd.randrange(2, 96))
            done = rnd.random() < 0.85
            rated = done and rnd.random() < 0.7
            w.writerow([f"FZ{filed:%y%m%d}{i:05d}", f"{filed:%Y-%m-%d %H:%M:%S}", f"{b}幢{what[:8]}",
                        f"来电反映{b}幢{what}。_x000D_\n请尽快处理。", rnd.choice(CATEGORIES),
                        "已办结" if done else "待处理", rnd.choice(UNITS) if done else "",
                        "已安排人员处理完毕。" if done else "", f"{replied:%Y-%m-%d %H:%M:%S}" if done else "",
                        rnd.choice(SATISFACTION[:4]) if rated else "",
                        f"{replied + timedelta(days=1):%Y-%m-%d %H:%M:%S}" if rated else "",
                        f"1380000{i:04d}"[-11:]])


ESTATE_ADD = """
ref_sources:
  - {id: hotline, name: 12345热线, pattern: "^FZ[0-9]{11}$"}
"""


def prepare_estate(root: Path) -> None:
    p = root / "ledger" / "estate.yml"
    text = p.read_text(encoding="utf-8").replace(
        "promise:\n  complex_days: 3\n", "promise:\n  terms:\n    - {from: 2026-03-01, complex_days: 3}\n")
    p.write_text(text + ESTATE_ADD, encoding="utf-8")
