"""A corpus of realistic complaint texts, written in the style of the seeds (residents'
reports, volunteers' notes, call-back comments, revenue lines), to measure the privacy
rules: CLEAN texts must raise nothing (precision), DIRTY texts must raise their code
(recall). Deterministic: the variants are combinations, not random draws.

Used by tests/test_privacy.py and by `benchmarks/run.py privacy`, which prints the numbers.
"""
from __future__ import annotations

from itertools import cycle, islice

# Hand-written texts full of numbers that are NOT personal data: dates, times, amounts,
# counts, building and unit references, invoice and bank-slip numbers, sizes, the estate's
# public numbers.
CLEAN_BASE = [
    "5幢3单元顶楼一到下雨天天花板就渗水，墙面发霉，家里用盆接水。",
    "东门早晚高峰电瓶车和行人混行，7:30到8:30最堵，老人不敢出门。",
    "3幢2单元楼道里堆了旧家具和纸箱，存在消防隐患，请物业清理。",
    "2幢1单元二楼到三楼的楼道灯坏了3天，晚上看不清台阶。",
    "北侧通道被外卖电动车堵住，救护车10分钟进不来。",
    "7幢雨水管接入了污水管，下雨天一楼返臭。",
    "西侧围墙一带没有监控，11月以来丢了2辆电瓶车。",
    "小区消防水系统失效，消防通道被私家车占用，需要整改。",
    "希望在中心绿地旁增设电瓶车集中充电棚，至少40个充电位。",
    "6幢2单元加装电梯，已有18户中的15户签字同意。",
    "二次供水水箱老化，水里有锈，已经用了20多年。",
    "晚上9点以后广场舞音响声音太大，影响老人和孩子休息。",
    "12幢2单元下水管堵塞，一楼地漏反水。",
    "国庆前对120具灭火器进行检查，其中8具压力不足已更换。",
    "8幢地下车库积水约30厘米，排水泵需要维修。",
    "6幢门口共享单车乱停，占了一半人行道。",
    "9幢3单元门禁坏了，单元门关不上，陌生人随意进出。",
    "北门内路面坑洼，有3处坑洞直径超过50厘米，老人容易绊倒。",
    "10幢1单元楼梯扶手松动，三楼到四楼一段晃得厉害。",
    "老年食堂周末也开餐，希望每份价格保持在15元以内。",
    "11幢外墙瓷砖脱落，砸坏了楼下一辆自行车，幸好没伤人。",
    "湖畔酒店愿意提供中央厨房配餐，每天中午可供应200份。",
    "石桥中学学生志愿者每周六上午9:00-11:00教老人用智能手机。",
    "某物流公司提供旧办公桌椅30套，可放在老年活动室。",
    "物业工程部上屋面查看，确认防水层开裂，面积约60平方米。",
    "网格长协调城管、交警和物业三方现场会商，当场派单。",
    "业主表决通过使用专项维修资金，正在招标施工单位，预计12月15日完工。",
    "回访：修补后第一次下雨又漏了，评1分。",
    "回访：问题已解决，楼道干净多了，评5分。",
    "电话回访，居民表示满意，给4分。",
    "已联系施工单位，排期在下周二处理。",
    "居民催单：施工什么时候开始？",
    "服务站电话0571-0000 1234，周一至周六8:30-17:30。",
    "物业值班电话0571-0000 1235，24小时有人接听。",
    "请拨打服务站电话 0571-0000 1234 报上编号260415-7kq2催单。",
    "事项编号260305-dm3a，已于2026-04-22办结。",
    "1月地面停车位租金（99个车位）",
    "银行回单 20250105-8766",
    "施工合同 SQ-2026-004，发票 No.26042217",
    "2026年3月业主代表会议决议（第2号）",
    "5幢屋面防水整体翻修（预付30%工程款）",
    "一季度专户利息 3215.40 元",
    "电梯及道闸广告位租金 1200.00 元",
    "收据 SQ2026-0628",
    "劳务发票 No.202501720",
    "化粪池清掏及垃圾房消杀，共2600元。",
    "重阳节敬老活动（慰问80岁以上老人37位）",
    "小区道闸系统维修更换主板，费用3850元。",
    "老年活动室有图书约200册，报刊10种。",
    "3幢东侧一楼党群服务站，面积约80平方米。",
    "1号楼至12号楼共34个单元、1020户。",
    "居民反映：2单元3楼楼道窗户玻璃碎了。",
    "4幢1单元加装电梯方案公示期7天，自2026年6月18日起。",
    "垃圾分类点夏天异味大，每天下午3点清运一次不够。",
    "树木长得太高遮挡采光，5幢南侧3棵香樟需要修剪。",
    "外卖电动车每天11:00-13:00集中停在北侧通道。",
    "把中心绿地改成停车位，大约可增加25个车位。",
    "每月电费约1,280.50元，由公共收益支付。",
    "会议于2026-11-10 14:30在党群服务站召开，到会业主代表21人。",
    "室外温度38度，楼道闷热。",
    "共有3室1厅户型的住户反映隔音差。",
    "房屋建于1985年，屋面防水层已超过使用年限。",
    "附近的石桥小学放学时间为15:40。",
    "快递柜设在3幢和4幢之间，共120格。",
    "维修工单号 WX-20260703，已完成。",
    "浙江省杭州市西湖区西溪街道石桥社区。",
    "报警电话110、火警119、急救120。",
    "本月共受理事项34件，办结29件，满意率85.7%。",
    "楼道长每周巡查1次，重点看消防通道和飞线充电。",
    # near misses: long digit runs, organisations' accounts, place names, timestamps
    "快递单号SF1391234567890，包裹放在快递柜。",
    "订单号20250113567890123已退款。",
    "加入业主微信群“石桥邻里”即可收到通知。",
    "关注社区微信公众号查看公示。",
    "浙江A级景区就在小区北面。",
    "身份证复印件已收回，号码不登记。",
    "物业费每平方米每月1.20元。",
    "事件时间 2026-11-20T18:00+08:00 记录。",
    "电话打不通，已发短信提醒回电。",
    "第301次业主代表会议纪要。",
    "约有1300户使用二次供水。",
    "居民捐赠图书共计1,380册。",
    "A-12号车位到A-20号车位划线。",
    "门禁卡费用15元/张，共发放412张。",
    "the ewx heading was fixed",
    "wxyz abcdefg 是测试用的英文",
    "vx123 型号的灯具已更换",
    "一位独居老人希望送餐上门，楼道长每天去看一次。",
    "王府井百货捐赠了一批毛巾。",
    "石桥中学的老师带学生来做志愿者。",
    "老年活动室周末开放，老马路边的路灯已修好。",
    "小区东门外的江边步道很受欢迎。",
    "业主大会表决通过。",
]

# Fillers that vary the clean texts with more harmless numbers.
WHEN = ["2026-03-05 08:30", "2026年4月15日", "11月20日晚上7点", "上周三下午", "2025-12-31", "每天早上6:30"]
WHERE = ["1幢", "3幢2单元", "5幢3单元顶楼", "东门", "12幢北侧", "地下车库B区", "8幢1单元门口", "中心绿地"]
AMOUNT = ["180.00元", "1,200元", "18600.00元", "3215.40元", "约2万元", "0.5元/度"]
CLEAN_TEMPLATES = [
    "{when}，{where}反映：楼道灯不亮，已派单给物业。",
    "{where}的问题已于{when}办结，费用{amount}，由公共收益支出。",
    "{when}电话回访{where}的居民，表示满意。",
    "{where}发现积水，{when}已排水，花费{amount}。",
    "志愿者{when}到{where}巡查，未发现飞线充电。",
]


def clean_texts() -> list[str]:
    out = list(CLEAN_BASE)
    combos = zip(cycle(CLEAN_TEMPLATES), cycle(WHEN), cycle(WHERE), cycle(AMOUNT))
    for tpl, when, where, amount in islice(combos, 240):
        out.append(tpl.format(when=when, where=where, amount=amount))
    return out


# Personal data in the forms people actually write it.
MOBILES = ["13912345678", "139 1234 5678", "139-1234-5678", "+86 13812345678", "+8615912345678", "186 0571 2345"]
LANDLINES = ["0571-88881234", "0571 8888 1234", "(0571)88881234", "（0571）8888-1234", "010-62751234", "021-6543 2100"]
EMAILS = ["zhangsan@example.com", "li.si_1980@mail.example.cn", "wang+ew@example.org"]
ROOMS = ["302室", "1202房", "3-2-301", "3幢2单元301", "3栋2单元301室", "2单元1202", "5号楼1单元502"]
PLATES = ["浙A12345", "浙A·12345", "浙AD12345", "苏E-5A123", "沪B 8K123", "京N12345"]
NAMES = ["王阿姨", "李师傅", "张先生", "刘女士", "陈大爷", "赵奶奶", "王建国先生", "王老师", "李工"]
WECHATS = ["微信号 zhangsan88", "微信：lisi_2020", "加微信wangwu-1990", "vx: zhaoliu123", "WeChat ID: qianqi_99"]

DIRTY_TEMPLATES = [
    "居民反映楼道漏水，联系方式{x}，请尽快回电。",
    "{x}，这是报事人留的，麻烦物业联系一下。",
    "回访时居民说：有问题打我电话{x}。",
    "住户{x}反映家里天花板渗水。",
    "堵在消防通道上的车是{x}，已经停了三天。",
    "登记：{x}（居民本人提供）。",
]


def _id_with_checksum(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def dirty_texts() -> list[tuple[str, str, str]]:
    """(text, expected code, the personal data it contains)."""
    ids = [_id_with_checksum(s) for s in ("33010619850312002", "11010519491231002", "44030419991108123",
                                           "33010220011224356")]
    kinds = [("privacy-phone", MOBILES + LANDLINES), ("privacy-id-card", ids), ("privacy-email", EMAILS),
             ("privacy-room", ROOMS), ("privacy-plate", PLATES), ("privacy-wechat", WECHATS),
             ("privacy-name", NAMES)]
    out = []
    for code, values in kinds:
        for i, value in enumerate(values):
            for tpl in DIRTY_TEMPLATES:
                out.append((tpl.format(x=value), code, value))
    return out


