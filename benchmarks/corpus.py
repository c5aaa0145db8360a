"""A realistic body of residents' reports for measuring search: many kinds of matters, told
the way residents tell them (a building and unit, a floor, when it happens, what it causes,
what they ask for), with the notes volunteers write as the matter is handled. Deterministic
(seeded); written for this project.

    python benchmarks/corpus.py DEST --items 500 --buildings 30

DEST gets mkdocs.yml, site_templates/ and ledger/ as benchmarks/synth.py makes them, with
these items. `QUERIES` (benchmarks/search_queries.txt) is the fixed list of queries the
search test and benchmark run over it.
"""
from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

import synth

QUERIES = Path(__file__).with_name("search_queries.txt")

FLOORS = ["一楼", "二楼", "三楼", "四楼", "五楼", "六楼", "顶楼"]
WHEN = ["最近一周", "这几天", "每天晚上", "早上七八点", "一到下雨天", "周末", "半夜", "中午"]
FEEL = ["老人很担心", "孩子上学不方便", "邻居们意见很大", "已经反映过两次", "希望尽快处理", "家里老人腿脚不好"]

# (category, title, description, notes of the handling): {b} building, {u} unit, {f} floor,
# {w} when, {x} how residents feel. Each matter has a few ways of being told.
TOPICS = [
    ("repairs", ["{b}{u}楼道灯不亮", "{b}{u}{f}楼道灯坏了"],
     ["{b}{u}{f}的楼道灯坏了，{w}上下楼看不清，{x}。", "楼道灯一直不亮，声控也没反应，{x}。"],
     ["物业电工上门查看", "换了灯泡，楼道灯恢复正常", "更换了3个声控灯"]),
    ("repairs", ["{b}{u}顶楼漏水", "{b}{u}{f}天花板渗水"],
     ["{w}{b}{u}{f}天花板就渗水，墙面发霉，家里用盆接水，{x}。", "屋面防水层老化，{w}漏水，墙皮一块块掉。"],
     ["物业工程部上屋面查看，防水层开裂", "局部修补了防水层", "屋面整体翻修需要动用专项维修资金"]),
    ("repairs", ["{b}{u}加装电梯", "{b}{u}申请加装电梯"],
     ["{b}{u}是六层老楼，住着很多七八十岁的老人，上下楼很吃力，希望加装电梯。", "单元里大部分住户同意加装电梯，希望社区协调审批和资金。"],
     ["自管小组组织住户签字，同意率过了三分之二", "报街道加装电梯专班审批", "施工单位进场，管线迁移完成"]),
    ("repairs", ["{b}电梯经常停运", "{b}{u}电梯困人"],
     ["{b}{u}的电梯{w}停运，{x}。", "电梯运行时有异响，上周还困过人，大家不敢坐。"],
     ["通知电梯维保单位检修", "更换了电梯门机和钢丝绳", "电梯年检合格，恢复运行"]),
    ("repairs", ["{b}{u}楼梯扶手松动", "{b}{u}{f}扶手坏了"],
     ["{b}{u}{f}的楼梯扶手松了，老人扶着晃，{x}。"],
     ["物业维修工加固扶手", "扶手已重新固定"]),
    ("repairs", ["{b}外墙瓷砖脱落", "{b}外墙空鼓掉皮"],
     ["{b}外墙有瓷砖掉下来，砸在车棚顶上，{x}。", "外墙空鼓，{w}刮风就掉渣，下面是小孩玩的地方。"],
     ["先拉警戒线，禁止在下方停车", "请专业单位做外墙安全检测", "脱落部位已修补"]),
    ("repairs", ["{b}{u}单元门禁坏了", "{b}{u}单元门关不上"],
     ["{b}{u}的门禁坏了，门一直开着，陌生人随便进出，{x}。"],
     ["门禁主板需要更换，已下单采购", "门禁已修好，单元门正常关闭"]),
    ("repairs", ["{b}附近井盖松动", "小区主路井盖破损"],
     ["{b}旁边的井盖松了，车一压就响，晚上走路容易踩空。"],
     ["设置警示标志", "更换了新的井盖"]),
    ("repairs", ["北门内路面坑洼", "{b}门前路面破损"],
     ["路面有好几个坑，{w}积水看不见，已经有老人绊倒过。"],
     ["路面修补列入本月计划", "坑洼路面已修补平整"]),
    ("drainage", ["{b}{u}下水道堵塞", "{b}{u}厨房返水"],
     ["{b}{u}{f}下水管堵塞，厨房返水，污水漫到楼道里，味道很重。"],
     ["疏通了公共下水管，清出大量油污", "提醒住户不要往下水道倒油"]),
    ("drainage", ["{b}雨污混接", "{b}雨水井冒污水"],
     ["{b}北面的雨水管接了洗衣机排水，{w}雨水井冒出污水，臭味很重。"],
     ["物业排查发现雨污混接，需要改管", "雨污分流改造完成"]),
    ("drainage", ["二次供水水箱老化", "{b}水压低、水里有锈"],
     ["高峰时段水压低，烧水有锈渣。二次供水水箱和水泵用了二十多年，希望改造二次供水设施。", "{b}{f}以上{w}水压不够，热水器打不着火。"],
     ["先清洗水箱并送检水质", "水质送检合格", "二次供水改造列入区里明年计划"]),
    ("drainage", ["{b}地下车库积水", "{b}车库排水泵坏了"],
     ["{b}地下车库{w}就积水，电瓶车推不出来，墙角发霉。"],
     ["物业检查发现排水泵损坏，已报修", "更换了排水泵"]),
    ("sanitation", ["{b}附近垃圾清运不及时", "{b}垃圾分类点异味大"],
     ["{b}旁边的垃圾桶满了没人清运，夏天气味很大，苍蝇多，{x}。"],
     ["增加每日清运一次", "垃圾桶清洗消毒", "垃圾分类点加装了除臭设备"]),
    ("sanitation", ["{b}{u}楼道堆放杂物", "{b}{u}楼道里堆满纸箱"],
     ["{b}{u}{f}楼道里堆了旧家具和纸箱，有异味，也影响消防通行。"],
     ["楼道长通知住户认领杂物，物业清运", "杂物已清运，楼道长每周巡查一次"]),
    ("sanitation", ["小区流浪猫太多", "{b}附近流浪狗吓人"],
     ["{b}附近流浪猫越来越多，{w}叫得很凶，有老人被抓伤。"],
     ["联系动物保护志愿者上门", "组织绝育和领养"]),
    ("sanitation", ["{b}楼上高空抛物", "{b}有人从楼上扔垃圾"],
     ["{b}{w}有人从楼上往下扔东西，楼下车顶被砸坏，{x}。"],
     ["社区民警上门走访", "安装了高空抛物监控探头"]),
    ("fire", ["{b}{u}飞线充电", "{b}{u}电瓶车进楼道充电"],
     ["{b}{u}有住户从窗户拉电线给电动车充电，还有推进楼道充电的，{w}充一整夜，大家担心起火。"],
     ["楼道长逐户上门宣传，物业贴出禁止楼道充电告示", "楼道内电瓶车全部清出"]),
    ("fire", ["{b}消防通道被占用", "{b}门口私家车堵住消防通道"],
     ["{b}门口的消防通道{w}停满私家车，救护车和消防车进不来。"],
     ["保安队加强巡查，劝离占道车辆", "消防通道画线并安装禁停标志"]),
    ("fire", ["{b}楼道灭火器过期", "{b}{u}消防栓没水"],
     ["楼道长巡查发现{b}{u}部分灭火器过期，消防栓箱玻璃破损。"],
     ["更换过期灭火器", "修复消防栓箱玻璃"]),
    ("parking", ["增设电瓶车集中充电棚", "{b}旁边建充电桩"],
     ["小区电瓶车越来越多，只有一个小充电点，希望多建几个充电棚和充电桩。"],
     ["选址{b}旁，共60个充电位，资金由公共收益列支", "充电棚建成启用，充电按度计费"]),
    ("parking", ["停车位太少", "{b}晚上没地方停车"],
     ["小区停车位太少，晚上回来没地方停，车都停到消防通道上了。", "建议把闲置的空地改成停车位。"],
     ["与周边单位协商夜间共享停车位", "新增临时停车位30个"]),
    ("parking", ["{b}门口共享单车乱停", "{b}门口电动车乱停"],
     ["{b}门口每天早上堆着十几辆共享单车，挡住单元门和盲道。"],
     ["联系共享单车运营方，在东门外划定停放区", "运营方每天早晚清运两次"]),
    ("traffic", ["外卖电动车堵塞通道", "快递车堵住{b}门口"],
     ["中午和晚饭时间，十几辆外卖电动车停在通道等单，推婴儿车也过不去。", "快递车{w}停在{b}门口卸货，把路堵死。"],
     ["在小区外划设外卖临时停车区", "快递驿站调整了卸货时间"]),
    ("traffic", ["东门早晚高峰拥堵", "小区门口人车混行"],
     ["东门只有一个出入口，{w}电瓶车、行人、送孩子上学的家长挤在一起，{x}。"],
     ["网格长现场观察高峰人流车流", "东门北侧开辅门，人车分流"]),
    ("security", ["{b}附近监控看不清", "西侧围墙没有监控"],
     ["{b}附近的监控摄像头角度不对，晚上什么都拍不到，电瓶车被偷了两次。"],
     ["社区民警现场勘查", "补装了4个监控探头", "监控接入保安监控室"]),
    ("security", ["{b}附近路灯不亮", "小区主路路灯坏了"],
     ["{b}旁边的路灯坏了好几盏，{w}黑乎乎的，{x}。"],
     ["物业电工检修路灯线路", "更换了路灯灯头"]),
    ("security", ["陌生人进小区推销", "小区门岗不登记"],
     ["{w}有陌生人进小区挨家挨户推销保健品，老人容易上当。"],
     ["门岗加强外来人员登记", "社区民警开展防诈骗宣传"]),
    ("culture", ["晚上广场舞音响声音太大", "{b}楼下唱歌噪音扰民"],
     ["中心广场晚上跳舞音响开到很晚，{b}的住户孩子写作业和老人休息受影响。"],
     ["文体队长与舞蹈队商量时间和音量", "约定晚上7点到8点半跳舞，音量不超过55分贝"]),
    ("culture", ["老年活动室缺少图书", "希望开设书法班"],
     ["老年活动室只有几份旧报纸，老人们希望有些大字版图书。", "不少退休老人想学书法和国画，希望活动室开班。"],
     ["统计大家想看的书目", "周边单位捐赠图书200册"]),
    ("elderly", ["老年食堂周末也开餐", "希望开设老年食堂"],
     ["老年食堂只在工作日开，周末子女不回来的老人没饭吃，希望周末也供应午餐。", "小区独居和高龄老人多，希望有个老年食堂，中午有热饭吃。"],
     ["摸排有就餐需求的老人", "与周边酒店的中央厨房对接配餐", "老年食堂周末开餐"]),
    ("elderly", ["{b}独居老人需要助餐", "{b}{u}独居老人需要照看"],
     ["{b}{u}有位八十多岁的独居老人，腿脚不便，希望能送餐上门。"],
     ["网格员每周上门探访", "志愿者每天中午送餐"]),
    ("elderly", ["老人想学用智能手机", "老人不会手机挂号"],
     ["很多老人不会用手机挂号、付款，希望有人耐心教。"],
     ["招募青年志愿者", "每周六上午开课"]),
    ("neighbours", ["{b}{u}楼上噪音", "{b}{u}装修噪音扰民"],
     ["{b}{u}{f}装修{w}还在电钻，{x}。", "楼上{w}有拖椅子和跑跳的声音，睡不好觉。"],
     ["楼道长上门协调", "约定装修时间为早8点到晚6点"]),
    ("neighbours", ["{b}{u}楼上空调滴水", "{b}{u}邻居阳台漏水"],
     ["楼上空调外机{w}一直滴水，滴在我家窗台上，声音很吵。"],
     ["楼道长联系楼上住户", "空调排水管已接好"]),
    ("neighbours", ["孩子放学后无人看管", "希望开设四点半课堂"],
     ["双职工家庭孩子放学后没人管，希望社区有四点半课堂。"],
     ["与周边中学志愿者对接", "四点半课堂开课"]),
    ("repairs", ["物业费收支不公开", "物业费上涨没有说明"],
     ["物业费每年收了多少、花在哪里从来没有公布，业主们希望公开物业费和公共收益的账目。"],
     ["业委会要求物业公司按季度公示收支", "物业费收支已在公示栏张贴"]),
    ("repairs", ["业委会换届没有通知", "希望业委会公开会议记录"],
     ["业委会换届选举没有提前通知，很多业主不知道，希望公开程序和会议记录。"],
     ["街道指导业委会补发换届公告", "会议记录在公示栏张贴"]),
    ("sanitation", ["{b}绿化带杂草丛生", "树木太高遮挡采光"],
     ["{b}南面的树长到四楼，低楼层白天也要开灯，树枝碰到窗户。", "{b}旁边的绿化带没人修剪，蚊子很多。"],
     ["联系园林部门修剪", "树枝已修剪"]),
]


def item_yaml(rng: random.Random, idx: int, n_buildings: int, units: int, start: datetime, span_days: int):
    """One item: (id, year, YAML text)."""
    cat, titles, descs, notes = TOPICS[rng.randrange(len(TOPICS))]
    b, u = rng.randint(1, n_buildings), rng.randint(1, units)
    slots = {"b": f"{b}幢", "u": f"{u}单元", "f": rng.choice(FLOORS), "w": rng.choice(WHEN), "x": rng.choice(FEEL)}
    title = rng.choice(titles).format(**slots)
    desc = rng.choice(descs).format(**slots)
    filed = start + timedelta(minutes=rng.randrange(span_days * 24 * 60))
    item_id = f"{filed:%y%m%d}-{format(idx, 'x').rjust(4, '0')}"
    out = [f"id: {item_id}", "kind: problem", f"title: {title}", "description: |", f"  {desc}",
           f"category: {cat}", f'building: "{b}"', f'unit: "{u}"', f"place: {rng.choice(synth.PLACES)}",
           "complexity: complex", f"filed: {filed.isoformat()}", f"channel: {rng.choice(['qr', 'phone', 'visit'])}"]
    t, events = filed, []
    steps = rng.randint(0, len(notes))
    if steps:
        role = rng.choice(synth.ROLES)
        t += timedelta(hours=rng.randint(1, 20))
        events.append(f"  - at: {t.isoformat()}\n    type: dispatched\n    tier: property\n    role: {role}")
        for k, note in enumerate(notes[:steps]):
            t += timedelta(hours=rng.randint(2, 60))
            kind = "accepted" if k == 0 else ("resolved" if k == steps - 1 and steps == len(notes) else "progress")
            extra = f"\n    role: {role}" if kind == "accepted" else ""
            events.append(f"  - at: {t.isoformat()}\n    type: {kind}{extra}\n    note: {note.format(**slots)}")
    if events:
        out.append("events:")
        out += events
    return item_id, filed.year, "\n".join(out) + "\n"


def make(dest: Path, items: int, buildings: int, units: int = 3, seed: int = 11) -> Path:
    """A repository at `dest` (as synth.make) holding `items` items told as above."""
    return synth.make(dest, items, buildings, units, seed=seed, told=item_yaml)


def queries() -> list[str]:
    return [q.strip() for q in QUERIES.read_text(encoding="utf-8").splitlines()
            if q.strip() and not q.startswith("#")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--buildings", type=int, default=30)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    make(a.dest, a.items, a.buildings, seed=a.seed)
    print(f"wrote {a.items} items in {a.buildings} buildings to {a.dest}")


if __name__ == "__main__":
    main()
