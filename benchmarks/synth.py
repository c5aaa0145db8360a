"""Synthetic ledgers for benchmarks: the demo estate's settings, many buildings, many items
with realistic Chinese text and full event histories. Deterministic (seeded).

    python benchmarks/synth.py DEST --items 5000 --buildings 200 [--units 3]

DEST gets mkdocs.yml, site_templates/ and ledger/ (a copy of the repository's, with
buildings.yml and items/ replaced), so `echowall --root DEST ...` works on it.
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TZ = timezone(timedelta(hours=8))

PLACES = ["楼道", "顶楼", "地下车库", "东门", "小区主路", "垃圾分类点", "电动车棚", "健身器材区", "绿化带", "单元门口"]
PROBLEMS = [
    ("{b}{u}楼道灯不亮", "{b}{u}二楼到三楼的楼道灯坏了好几天，晚上老人上下楼看不清，容易摔倒。", "repairs"),
    ("{b}{u}顶楼漏水", "一下雨{b}{u}顶楼天花板就渗水，墙面发霉，家里用盆接水。", "repairs"),
    ("{b}门口电动车乱停", "{b}门口电动车和共享单车乱停，挡住了消防通道，救护车进不来。", "parking"),
    ("{b}{u}楼道堆放杂物", "{b}{u}楼道里堆了旧家具和纸箱，存在消防隐患，请物业清理。", "fire"),
    ("{b}附近垃圾清运不及时", "{b}旁边的垃圾桶满了没人清运，夏天气味很大，苍蝇多。", "sanitation"),
    ("{b}{u}下水道堵塞", "{b}{u}一楼下水道反水，污水漫到楼道里，味道很重。", "drainage"),
    ("{b}附近监控看不清", "{b}附近的监控摄像头角度不对，晚上什么都拍不到，电瓶车被偷了两次。", "security"),
    ("{b}{u}飞线充电", "{b}{u}有住户从窗户拉电线给电动车充电，很危险。", "fire"),
]
NEEDS = [
    ("{b}独居老人需要助餐", "{b}{u}有位八十多岁的独居老人，腿脚不便，希望能送餐上门。", "elderly"),
    ("{b}希望增设休息座椅", "{b}附近没有可以坐的地方，老人散步走累了没处歇脚。", "elderly"),
    ("{b}孩子放学后无人看管", "双职工家庭孩子放学后没人管，希望社区有四点半课堂。", "neighbours"),
]
RESOURCES = [
    ("周边单位提供会议室", "附近单位愿意在周末把会议室借给居民开议事会。", "neighbours"),
    ("志愿者理发", "{b}住着退休理发师，每月可以给老人义务理发一次。", "elderly"),
]
NOTES = ["物业已安排维修工上门查看", "网格长协调相关单位处理", "已联系施工单位，排期处理", "现场查看后确认问题属实"]
ROLES = ["property", "grid_leader", "stairwell_head", "security_captain", "owners_head", "urban_chief"]


def buildings_yaml(n: int, units: int) -> str:
    lines = ["buildings:"]
    for i in range(1, n + 1):
        us = ", ".join(f'"{u}"' for u in range(1, units + 1))
        lines += [f'  - id: "{i}"', f"    name: {i}幢", f"    units: [{us}]", f"    households: {units * 30}"]
    return "\n".join(lines) + "\n"


def item_yaml(rng: random.Random, idx: int, n_buildings: int, units: int, start: datetime, span_days: int):
    kind = rng.choices(["problem", "need", "resource"], weights=[80, 15, 5])[0]
    table = {"problem": PROBLEMS, "need": NEEDS, "resource": RESOURCES}[kind]
    title, desc, cat = rng.choice(table)
    b = rng.randint(1, n_buildings)
    u = rng.randint(1, units)
    bn, un = f"{b}幢", f"{u}单元"
    filed = start + timedelta(minutes=rng.randrange(span_days * 24 * 60))
    stamp = filed.strftime("%y%m%d")
    item_id = f"{stamp}-{format(idx, 'x').rjust(4, '0')}"
    complexity = rng.choices(["simple", "complex", "project"], weights=[45, 50, 5])[0] if kind != "resource" else "simple"
    out = [f"id: {item_id}", f"kind: {kind}", f"title: {title.format(b=bn, u=un)}",
           "description: |", f"  {desc.format(b=bn, u=un)}", f"category: {cat}",
           f'building: "{b}"', f'unit: "{u}"', f"place: {rng.choice(PLACES)}",
           f"complexity: {complexity}", f"filed: {filed.isoformat()}", f"channel: {rng.choice(['qr', 'phone', 'visit', 'patrol'])}"]
    events = []
    t = filed
    if kind == "resource":
        pass
    elif rng.random() < 0.95:
        t += timedelta(hours=rng.randint(1, 20))
        role = rng.choice(ROLES)
        events.append(f"  - at: {t.isoformat()}\n    type: dispatched\n    tier: property\n    role: {role}")
        t += timedelta(hours=rng.randint(1, 30))
        events.append(f"  - at: {t.isoformat()}\n    type: accepted\n    role: {role}\n    note: {rng.choice(NOTES)}")
        if complexity == "project":
            t += timedelta(hours=5)
            exp = (t + timedelta(days=rng.randint(20, 120))).date().isoformat()
            events.append(f"  - at: {t.isoformat()}\n    type: progress\n    note: 已制定方案\n    expected: {exp}")
        if rng.random() < 0.7:
            t += timedelta(hours=rng.randint(2, 200))
            events.append(f"  - at: {t.isoformat()}\n    type: resolved\n    note: 已处理完毕，现场恢复正常")
            if rng.random() < 0.7:
                t += timedelta(days=1)
                score = rng.choices([5, 4, 3, 2, 1], weights=[50, 25, 12, 8, 5])[0]
                outcome = "fixed" if score >= 4 else ("partly" if score == 3 else "not_fixed")
                out_r = [f"  - at: {t.isoformat()}", f"    score: {score}", f"    outcome: {outcome}",
                         "    channel: phone", "    comment: 电话回访"]
                ratings = "ratings:\n" + "\n".join(out_r)
            else:
                ratings = ""
        else:
            ratings = ""
    else:
        ratings = ""
    if events:
        out.append("events:")
        out += events
    text = "\n".join(out) + "\n"
    if kind != "resource" and events and ratings:
        text += ratings + "\n"
    return item_id, filed.year, text


def make(dest: Path, items: int, buildings: int, units: int = 3, seed: int = 7, told=None) -> Path:
    """A repository at `dest`: the demo's settings and templates, `buildings` buildings and
    `items` items made by `told` (an item_yaml-shaped function; default: this module's)."""
    told = told or item_yaml
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "site_templates", dest / "site_templates")
    (dest / "ledger").mkdir()
    shutil.copy2(REPO / "ledger" / "estate.yml", dest / "ledger" / "estate.yml")
    (dest / "ledger" / "buildings.yml").write_text(buildings_yaml(buildings, units), encoding="utf-8")
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, 0, tzinfo=TZ)
    for i in range(items):
        item_id, year, text = told(rng, i, buildings, units, start, 650)
        p = dest / "ledger" / "items" / str(year) / f"{item_id}.yml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return dest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--buildings", type=int, default=100)
    ap.add_argument("--units", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    make(a.dest, a.items, a.buildings, a.units, a.seed)
    print(f"wrote {a.items} items in {a.buildings} buildings to {a.dest}")


if __name__ == "__main__":
    main()
