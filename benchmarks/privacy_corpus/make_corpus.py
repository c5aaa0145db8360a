#!/usr/bin/env python3
"""Independent, labelled privacy corpus for Echo Wall (回音壁): synthetic Simplified-Chinese
snippets in six genres, about half of them carrying planted personal data (labelled spans),
the other half clean but full of near misses (tagged, no spans).

    python3 benchmarks/privacy_corpus/make_corpus.py            # rewrites corpus.jsonl
    python3 benchmarks/privacy_corpus/make_corpus.py --check    # self-check the committed file
    python3 benchmarks/privacy_corpus/make_corpus.py --stats    # counts per class, form, tag

Deterministic: one random.Random(20261201), pure standard library, byte-identical output.
Every name, number, address, e-mail, QQ, WeChat id and plate in it is invented.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import random
import unicodedata
from collections import Counter
from pathlib import Path

SEED = 20261201
HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus.jsonl"
# The first PII slot of each planted snippet is drawn from this deck (one round = N_PLANTED);
# further slots in the same template add more spans.
PRIMARY_WEIGHTS = {"phone": 260, "fullname": 65, "hname": 50, "tname": 40, "lxname": 35, "room": 95, "id": 135,
                   "email_l": 115, "qq_l": 90, "wx_l": 80, "plate": 70, "card": 55}
N_PLANTED = sum(PRIMARY_WEIGHTS.values())
N_CLEAN = N_PLANTED

CLASSES = ("phone", "id_card", "email", "qq", "wechat", "plate", "bank_card", "room", "name")
GENRES = ("complaint", "reply", "notice", "revenue", "note", "comment")
ZW = ("\u200b", "\u200c", "\u2060", "\ufeff")
ESCAPE_IN_JSON = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u3000", "\u2028", "\u2029")

# Written forms per class. The generator cycles through each list (shuffled decks), so every
# form gets its share.
PHONE_FORMS = (
    "plain", "space", "double-space", "ideographic-space", "dash-ascii", "dash-fullwidth",
    "dash-em", "dash-hyphen", "dash-en", "dot", "slash", "bracket", "plus86", "0086",
    "fullwidth-digits", "zero-width", "split-line", "chinese-numerals", "financial-numerals",
    "landline",
)
ID_FORMS = ("valid", "valid-X", "lower-x", "mistyped", "spaced", "dashed", "fullwidth")
EMAIL_FORMS = ("normal", "fullwidth-at", "fullwidth-dot", "chinese-stop", "fullwidth-local", "qq-mailbox")
QQ_FORMS = ("label-QQ", "label-qq", "label-koukou", "label-Qhao", "label-qie")
WX_FORMS = ("label-weixin", "label-latin", "label-vx", "label-wx", "label-jiaV", "label-Vxin")
PLATE_FORMS = ("plain", "dot", "space", "lowercase", "fullwidth", "new-energy")
CARD_FORMS = ("plain", "space4", "dash4")
ROOM_FORMS = (
    "full", "bld-room", "haolou-room", "zuo-room", "dong-room-hao", "with-floor", "cn-unit",
    "dash", "fullwidth-dash", "slash", "cn-numerals", "room-fang",
)
NAME_PATTERNS = ("label-fullname", "honorific", "title", "lao-xiao")
SURNAME_KINDS = ("common", "rare", "compound")
FORMS = {
    "phone": PHONE_FORMS, "id_card": ID_FORMS, "email": EMAIL_FORMS, "qq": QQ_FORMS,
    "wechat": WX_FORMS, "plate": PLATE_FORMS, "bank_card": CARD_FORMS, "room": ROOM_FORMS,
}

# ---------------------------------------------------------------------------------------------
# Vocabulary (all invented)
# ---------------------------------------------------------------------------------------------
SURNAMES_COMMON = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯史陶黎贺顾毛郝龚邵万钱严戴莫孔汤高"
)
SURNAMES_RARE = list("禹厉蔺阙佘郗亓逯仉笪靳訾晏琚綦寇苌冼郦隗阚冀匡闵栾宓缪濮蒯郜滕邬糜弓岑")
SURNAMES_COMPOUND = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "司徒", "公孙", "夏侯", "尉迟",
    "长孙", "端木", "宇文", "澹台", "南宫", "西门", "呼延", "独孤",
]
GIVEN = (
    "伟 强 磊 军 勇 杰 涛 明 超 华 平 刚 辉 鹏 斌 波 宇 浩 凯 健 俊 帆 旭 宁 龙 阳 亮 成 "
    "建国 建华 国强 志强 海涛 俊杰 文博 宇轩 浩然 子轩 志明 永刚 德华 春生 国平 卫东 立新 金龙 "
    "振宇 晓东 家豪 明辉 宏伟 天佑 建军 学军 福生 长林 荣华 "
    "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 琳 洁 倩 萍 红 梅 莉 颖 秀英 桂英 玉兰 淑珍 海燕 丽华 "
    "晓燕 美玲 雅琴 佳怡 子涵 梓萱 欣怡 雨桐 慧敏 春梅 秋菊 素芬 凤英 月娥 巧玲 婉清 思琪 诗涵"
).split()
HONORIFICS = ["阿姨", "师傅", "大爷", "女士", "先生", "大妈", "奶奶", "爷爷", "大姐", "大哥", "阿婆", "叔叔", "伯伯"]
TITLES = ["工", "总", "主任", "经理", "老师", "医生", "律师", "会计", "队长", "书记"]
NAME_BLACKLIST = {"高工", "方总", "万总"}

ESTATES = [
    "和光苑", "枫桥雅苑", "临溪花园", "银桂小区", "秀水家园", "翠竹新村", "晴川嘉苑", "明湖苑", "云栖里",
    "柳岸花园", "梧桐苑", "东篱小区", "望月家园", "清风里", "锦园新村", "荷塘苑", "桂香园", "南山雅居",
    "石桥新村", "杏花公寓", "半山景苑", "沁园新村", "溪畔人家", "嘉禾苑", "春江月府", "运河人家",
    "知章苑", "香樟雅苑", "朝晖五区", "青枫家园",
]
ORGS = [
    "杭州清源环境工程有限公司", "浙江安泰电梯工程有限公司", "杭州绿缘园林绿化有限公司",
    "杭州顺达消防设备有限公司", "浙江恒信物业服务有限公司", "杭州洁美保洁服务有限公司",
    "杭州通畅管道疏通有限公司", "浙江鼎立建设工程有限公司", "杭州明光照明工程有限公司",
    "杭州安居防水工程有限公司", "杭州速递智能柜科技有限公司", "浙江广联传媒有限公司",
    "杭州民生停车管理有限公司", "杭州新叶电动车充电服务有限公司", "浙江正衡工程检测有限公司",
    "杭州蓝天白蚁防治有限公司", "杭州康泰二次供水设备有限公司", "浙江远景门禁系统有限公司",
]
DEPTS = [
    "街道办事处", "社区居委会", "区住建局", "城管中队", "街道城管科", "区市场监管局", "属地派出所",
    "区房管局", "街道物业办", "区综合行政执法局", "区生态环境分局", "街道平安办",
]
BANKS = ["工商银行", "建设银行", "农业银行", "中国银行", "招商银行", "交通银行", "杭州银行", "农商银行"]
ROADS = ["通湖路", "文三路", "长庆街", "学院路", "湖墅南路", "建国北路", "环城东路", "凤起路", "莫干山路",
         "秋涛北路", "德胜路", "古墩路", "文晖路", "天目山路"]
PUBLIC_BODIES = ["人社局", "社区服务中心", "街道办事处", "党群服务中心", "区行政服务中心", "物业服务中心",
                 "社区卫生服务中心", "区医保局", "街道便民服务中心"]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
MOBILE_PREFIX = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176", "177",
    "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195",
    "196", "198", "199",
]
AREA_CODES = ["0571", "0571", "0571", "0574", "0577", "0573", "0575", "0579", "0572", "0576", "010", "020",
              "021", "022", "023", "025", "027", "028", "029", "0591", "0551", "0531", "0512", "0510"]
ID_AREAS = [
    "330102", "330105", "330106", "330108", "330109", "330110", "330182", "330183", "330203", "330302",
    "330402", "330502", "330602", "330782", "331002", "110105", "310115", "320102", "320506", "340104",
    "350102", "360102", "370102", "410105", "420106", "430104", "440305", "450102", "500103", "510107",
    "520102", "530102", "610113", "620102", "130102", "140105", "210102", "230102", "362502", "341523",
]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
CARD_BINS = [("622588", 16), ("622609", 16), ("436742", 16), ("625802", 16), ("621483", 16),
             ("622202", 19), ("621226", 19), ("622848", 19), ("621700", 19), ("621661", 19),
             ("623668", 19), ("622700", 19), ("601382", 19), ("622260", 17), ("620522", 18)]
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com", "aliyun.com",
                 "outlook.com", "hotmail.com", "gmail.com", "yeah.net", "sohu.com", "sina.cn"]
PINYIN = ["zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
          "ma", "zhu", "hu", "guo", "lin", "he", "gao", "luo", "wei", "fang", "jie", "hong", "xiao",
          "ming", "hua", "ping", "yan", "jing", "lei", "tao", "yun", "feng", "qing", "mei", "lan",
          "hui", "bo", "chao", "ning", "xin", "yu", "yi", "jun", "kai", "rui", "tian", "shan", "lu"]
EN_WORDS = ["sunny", "lucky", "coco", "tiger", "momo", "lily", "kevin", "amy", "jack", "candy", "apple",
            "panda", "river", "cloud", "happy", "leo", "nana", "mia", "tony", "echo", "snow", "star"]

CN_DIG = "〇一二三四五六七八九"
CN_DIG_LING = "零一二三四五六七八九"
FIN_DIG = "零壹贰叁肆伍陆柒捌玖"

# near-miss words spotted automatically in the text (tag -> words)
KEYWORD_TAGS = {
    "surname-in-word": ["王府井", "李家村", "张江", "黄河路", "周边", "高层", "金额", "江边", "石桥新村",
                        "周末", "方便", "马路", "钱塘江", "余额", "林荫道", "陈旧", "西门", "何时",
                        "朱红", "孙子", "常规", "向阳", "胡同", "万一", "许多", "白天", "叶子"],
    "lao-word": ["养老金", "老年人", "老年", "老龄", "老旧", "老房子", "老化", "老人"],
    "xiao-word": ["小时", "小高层", "小程序", "小卖部", "小孩", "小广告", "小朋友", "小狗", "小型"],
    "housing-word": ["房租", "房屋", "房产", "房东", "房价", "租房", "房间", "房号"],
    "role": ["你方水电师傅", "水电师傅", "工作人员", "网格员", "楼道长", "楼长", "物业师傅", "维修师傅",
             "保安师傅", "保洁阿姨", "保洁员", "物业经理", "项目经理", "社区主任", "居委会主任", "业委会主任",
             "志愿者", "快递小哥", "民警", "社区书记", "物业管家", "楼栋长"],
    "hotline": ["12345", "市长热线"],
    "wechat-mention": ["微信群", "公众号", "业主群", "微信小程序", "朋友圈"],
    "id-mention": ["身份证"],
    "plate-mention": ["车牌", "牌照"],
}
KEYWORD_SKIP_WITH = {"id-mention": "id_card", "plate-mention": "plate", "wechat-mention": "wechat"}

SLOT_RE = re.compile(r"\{([a-z0-9_]+)\}")
PII_SLOTS = {
    "phone": "phone", "id": "id_card", "email_l": "email", "qq_l": "qq", "wx_l": "wechat",
    "plate": "plate", "card": "bank_card", "room": "room",
    "fullname": "name", "hname": "name", "tname": "name", "lxname": "name",
}


def fw(s: str) -> str:
    """ASCII -> full-width forms (digits, letters, punctuation)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def cn_int(n: int) -> str:
    """1..99 in Chinese numerals (十二, 二十三)."""
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    t, u = divmod(n, 10)
    return ("" if t == 1 else d[t]) + "十" + (d[u] if u else "")


def fin_amount(n: int) -> str:
    """An integer amount in financial numerals: 3500 -> 叁仟伍佰元整."""
    units = ["", "拾", "佰", "仟"]
    if n >= 10000:
        w, r = divmod(n, 10000)
        head = fin_amount(w)[:-2] + "万"
        if r == 0:
            return head + "元整"
        tail = fin_amount(r)[:-2]
        return head + ("零" if r < 1000 else "") + tail + "元整"
    s = str(n)
    out, zero = [], False
    for i, ch in enumerate(s):
        pos = len(s) - 1 - i
        if ch == "0":
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        out.append(FIN_DIG[int(ch)] + units[pos])
    return "".join(out) + "元整"


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num: str) -> bool:
    return luhn_digit(num[:-1]) == num[-1]


def id_check(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check(body17: str) -> str:
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_W))
    return USCC_CHARS[(31 - s % 31) % 31]


class Piece:
    __slots__ = ("text", "cls", "form", "tag")

    def __init__(self, text="", cls=None, form=None, tag=None):
        self.text, self.cls, self.form, self.tag = text, cls, form, tag


class Deck:
    """Cycle through items in shuffled rounds: every item is used once per round."""

    def __init__(self, rng: random.Random, items):
        self.rng, self.items, self.pool = rng, list(items), []

    def draw(self):
        if not self.pool:
            self.pool = self.items[:]
            self.rng.shuffle(self.pool)
        return self.pool.pop()


# ---------------------------------------------------------------------------------------------
# Template pools. "{slot}" marks a slot; pools are cycled like decks. No pool entry may carry
# personal data of its own: personal data enters only through the PII slots (PII_SLOTS).
# ---------------------------------------------------------------------------------------------
POOLS: dict[str, list[str]] = {}

POOLS["c_open"] = [
    "市民来电反映：", "来电人反映：", "市民反映：", "诉求内容：", "群众反映，", "市民通过12345热线反映：",
    "市民来电称，", "网友留言：", "业主反映：", "工单内容：", "市民通过“浙里办”反映：", "市民来信反映：",
    "【诉求】", "有居民反映，", "据市民反映，", "市民在线留言：", "来电反映：", "市民投诉：",
]
POOLS["c_meta"] = [
    "【{isodate}】", "{case}，", "受理渠道：12345热线；", "来源：政务服务热线。", "（{case}）",
    "受理时间：{isodate} {hm}。", "{case}。", "派单时间：{date}{hm}。",
]
POOLS["c_req"] = [
    "要求物业尽快处理。", "希望相关部门督促整改。", "请求尽快维修。", "希望给个说法。", "要求{dur_in}给予答复。",
    "请街道协调解决。", "望尽快处理，谢谢！", "已向物业反映{n_ci}，一直没人管，请求帮助。",
    "请有关部门到现场看一看。", "要求物业公开处理结果。", "希望能彻底解决，不要每次都敷衍。",
    "请尽快安排人员上门。", "要求追究物业责任。", "希望相关部门加强监管。", "请求协调，谢谢。",
    "恳请领导重视。", "要求{dur_in}整改到位。", "诉求：尽快解决并回电。", "请帮忙督促一下。",
]
POOLS["c_prob"] = [
    "{bld}楼道灯坏了{dur}，晚上黑漆漆的，老年人上下楼很不安全。",
    "{bld}顶楼一下雨就渗水，墙皮大面积脱落，屋里家具都发霉了。",
    "地下车库{parking}附近的排水沟堵了，积水有{depth}，车都开不进去。",
    "{bld}门口的电动车充电桩坏了{n_tai}，大家只能从楼上拉线充电，存在火灾隐患。",
    "小区东门道闸识别不了车牌，每天早高峰要排队{dur_short}。",
    "{bld}电梯最近频繁故障，{date}又困人{dur_short}，物业说在等配件。",
    "楼下餐饮店油烟直排，{bld}低层住户窗户都不敢开。",
    "{bld}楼道里堆满了纸箱和旧家具，消防通道被堵死了。",
    "小区垃圾分类点清运不及时，{time}以后垃圾就满出来了，气味很大。",
    "{bld}外墙保温层脱落，{date}掉下来一块砸在绿化带里，幸好没砸到人。",
    "二次供水水箱不知多久没清洗了，最近自来水发黄，有异味。",
    "物业擅自把{bld}旁边的绿地改成停车位，按每月{price_month}对外出租。",
    "小区健身器材生锈损坏，扶手断裂，小孩玩耍很危险。",
    "{bld}化粪池满溢，污水流到人行道上，{dur}没人处理。",
    "夜间{time}以后还有渣土车进出小区，噪音很大，影响休息。",
    "{bld}单元门门禁坏了，谁都能进，外卖快递随便上楼。",
    "楼顶违章搭建的阳光房一直没拆，影响{bld}楼顶防水。",
    "小区内有人遛狗不牵绳，{date}有个小孩被吓哭了。",
    "公共区域广告收入一直没有公示，不清楚金额去了哪里。",
    "{bld}附近路灯有{n_zhan}不亮，晚上回家要摸黑。",
    "小区周边道路施工，围挡占了人行道，老年人出行不便。",
    "高层住户反映水压不足，{time}前后基本没水。",
    "{bld}架空层被人堆放建筑垃圾，{dur}了也没清走。",
    "有人在公共楼道安装摄像头，正对着别人家门口。",
    "地下车库照明不足，有{n_zhan}灯管坏了一直没换。",
    "快递柜占用消防通道，物业说是{org}装的，他们管不了。",
    "小区里的流浪猫越来越多，{bld}楼道里到处是猫粪。",
    "雨水管破裂，{bld}外墙长期渗水，墙面发黑。",
    "停车收费标准没有公示，临停{price_park}，比周边小区贵很多。",
    "小区西门的人行道被共享单车堵住，轮椅和婴儿车都过不去。",
    "{bld}楼下的窨井盖松动，{date}晚上有人踩空崴了脚。",
    "物业保安晚上{time}以后就不在岗，门岗形同虚设。",
    "小区绿化带被人开垦种菜，还浇粪水，臭气熏天。",
    "{bld}消防栓箱里的水带被人拿走了，灭火器也过期了。",
    "小区主路的减速带断裂，铁钉外露，已经扎破{n_liang}车胎。",
    "{bld}屋顶的太阳能热水器支架锈蚀，大风天有坠落风险。",
    "物业把{bld}一楼的自行车库改成了仓库出租，住户自行车没地方放。",
    "江边步道的护栏松动，晚上散步的人很多，担心有人掉下去。",
    "小区电梯广告屏声音太大，{time}就开始播放。",
    "小区南门外的早餐摊占道经营，油污遍地，{dur}没人管。",
    "地下车库出入口坡道太滑，下雨天已经有{n_liang}车追尾。",
    "{bld}楼道窗户玻璃碎了{dur}，冬天冷风直灌。",
    "物业费收据上写的单价和合同不一致，每平方米多收了{price_yuan_small}。",
    "{bld}二楼到三楼之间的楼梯扶手脱落，老人扶着不安全。",
    "小区广场舞音响从{time}响到晚上，音量很大。",
]
POOLS["c_prob_home"] = [
    "家中卫生间顶部渗水，系楼上住户防水层破损所致，",
    "家里下水道反水，污水漫到客厅，",
    "家门口的消防栓一直漏水，门口地面长期湿滑，",
    "家中电表频繁跳闸，供电所说是楼道线路问题，",
    "家里窗户对面的空调外机噪音很大，晚上无法入睡，",
    "家中墙面出现裂缝，怀疑与隔壁装修拆墙有关，",
    "家里燃气表被物业贴了封条，说是欠费，但已经缴清，",
    "厨房烟道串味，邻居家的油烟全跑进家里，",
    "阳台被楼上滴下来的污水弄脏，多次沟通无果，",
    "入户门被人用胶水堵了锁眼，",
]
POOLS["c_noise"] = [
    "住户每天深夜{time}以后拖动家具、跳绳", "装修从早上7点一直干到晚上9点", "开麦唱歌到凌晨",
    "的空调外机噪音很大", "养的狗整夜叫", "在家里开了个小作坊，机器声音不断", "每天{time}就开始砸墙",
]
POOLS["c_park_tail"] = [
    "物业多次张贴挪车通知无效，", "消防车无法通行，", "其他业主的车出不来，", "已经停了{dur}，",
    "还占了两个车位，", "轮胎都瘪了，明显是僵尸车，", "保安说管不了，",
]
POOLS["c_illegal"] = [
    "违规群租，一套房隔了{n_jian}，住了十几个人", "在楼顶违章搭建", "将住宅改成棋牌室，每天很晚才散",
    "在楼道里饲养家禽", "在楼道里私拉电线给电动车充电", "把一楼架空层围起来当自家仓库",
    "在屋顶私自安装广告牌",
]
POOLS["c_elder"] = [
    "老人独居，家中燃气灶打不着火，物业说不归他们管，",
    "老人腿脚不便，电梯停运{dur}下不了楼，",
    "老人家里水管爆裂，无人帮忙关闸，",
    "老人最近记性很差，担心走失，希望社区多关注，",
]
POOLS["c_dog"] = ["经常在电梯里随地大小便", "深夜狂吠", "咬伤了邻居家的小孩", "不拴绳在小区里乱跑", "在楼道里随地小便"]
POOLS["c_goods"] = ["三无保健品", "来路不明的低价烟酒", "所谓的理财产品", "无证宠物", "假冒名牌包"]
POOLS["c_goods2"] = [
    "九成新婴儿推车一辆", "儿童自行车", "二手冰箱一台，能正常使用", "闲置跑步机", "实木书桌",
    "钢琴一台，搬家急转", "全新电饭煲", "小孩穿不下的冬衣一袋",
]
POOLS["c_prop"] = [
    "开发商逾期交房{dur}，至今未办理不动产权证，要求开发商按合同支付违约金。",
    "车位产权归属不清，物业要求补交{amount}才给办理产权登记。",
    "房屋面积实测比合同少了{area}平方米，要求开发商退还差价。",
]
POOLS["c_reno"] = [
    "把承重墙打掉了一半，楼下墙面已出现裂缝，请城管部门查处。",
    "装修垃圾堆在楼道{dur}不清运。",
    "中午{time}也在电钻施工，违反装修管理规定。",
    "私自改动燃气管道，存在安全隐患。",
]
POOLS["c_extra"] = ["", "据了解周边{n_hu}均有此问题，", "问题已持续{dur}，", "物业答复“在处理”，但{dur}没有进展，"]
POOLS["c_fee_tail"] = [
    "没有召开业主大会表决，", "涨价理由是人工成本上升，但服务没有任何改善，", "物业公告只贴了{dur}就开始执行，",
]
POOLS["c_biz"] = ["养老金资格认证", "居住证", "老年人优待证", "公租房申请", "医保转移"]
POOLS["c_item"] = ["电梯维修", "屋面防水", "监控改造", "消防设施更换", "外墙修缮", "路面翻新"]
POOLS["c_lift"] = ["{dur}坏了{n_ci}，", "运行时有异响，", "经常停在两层之间，", "维保记录好几个月没更新，"]
POOLS["c_water"] = ["{time}前后水压很低，热水器都打不着火。", "水发黄浑浊，水箱清洗记录没有公示。", "停水不提前通知，{date}停了{dur}。"]
POOLS["c_env"] = [
    "的工地夜间施工，{time}以后还在打桩，",
    "有废品收购站，堆放杂乱，蚊蝇滋生，",
    "马路上大货车乱停，挡住了小区出入口，",
    "的河道有异味，夏天尤其严重，",
]
POOLS["c_shop"] = ["小卖部在门口堆放货物，挡住了通道，", "烧烤店油烟很大，营业到凌晨，", "棋牌室夜里很吵，"]
POOLS["c_election"] = ["程序不规范，没有提前公示候选人名单，", "投票箱无人监督，", "计票过程没有业主代表在场，"]
POOLS["c_facility"] = ["会所和幼儿园用房", "地下车库的人防车位", "物业管理用房", "小区配套的社区用房"]
POOLS["c_reno_pub"] = ["外立面改造方案没有公示就开工了，", "加装电梯的意见征集只给了{dur}，", "改造后路面比原来还差，"]
POOLS["c_subject"] = ["小学数学辅导", "初中英语一对一", "钢琴陪练", "高中物理", "少儿书法"]

POOLS["r_open"] = [
    "您好！您反映的问题已收悉，现答复如下：", "答复如下：", "尊敬的市民：您好！", "经核实，",
    "收到您的诉求后，我单位高度重视，立即安排人员核查，现将情况答复如下：", "您好，感谢您对社区工作的关注。",
    "关于您反映的问题，经调查核实，现答复如下：", "处理结果：", "答复意见：", "您好！",
]
POOLS["r_issue"] = [
    "楼道灯损坏", "顶楼渗漏", "电梯故障", "地下车库积水", "垃圾清运不及时", "噪音扰民", "消防通道堵塞",
    "外墙脱落", "二次供水水质", "路灯不亮", "化粪池满溢", "门禁损坏", "飞线充电", "油烟扰民", "停车收费",
]
POOLS["r_issue_full"] = [
    "您反映的{est}{bld}楼道灯不亮问题属实，系线路老化所致。",
    "您反映的{est}地下车库积水问题，系排水泵故障导致。",
    "您反映的{est}{bld}电梯频繁故障问题，经维保单位{org}检测，系主板老化。",
    "您反映的{est}垃圾清运不及时问题，系清运车辆临时调度所致。",
    "您反映的{est}{bld}顶楼渗漏问题属实，系屋面防水层老化。",
    "您反映的{est}公共收益不公开问题，经查物业已于{date}在公告栏公示，但未在业主群同步。",
]
POOLS["r_action"] = [
    "物业已于{date}更换灯具{n_zhan}，现已恢复照明。", "街道已责令物业{dur_in}完成维修。",
    "物业已安排{org}进场施工，预计{dur_in}完工。", "城管中队已于{date}现场处置，并对当事人进行了教育。",
    "社区已组织物业、业委会召开协调会，形成整改方案。", "已将该问题纳入{year}年老旧小区改造计划。",
    "物业已对消防通道内的杂物进行了清理，共清理{n_chu}。", "维保单位已更换主板，电梯已于{date}恢复运行。",
    "已通知施工单位晚上{time}后停止高噪音作业。", "执法人员已于{date}{time}到场，责令店家安装油烟净化设备。",
    "网格员将每周巡查{n_ci}，发现问题及时上报。", "物业已在{bld}增设提示牌{n_kuai}。",
    "已督促物业在公告栏及业主群同步公示收支明细。", "物业已安排你方水电师傅上门检修，线路已恢复。",
    "已协调供水单位对水箱进行清洗消毒，水质检测报告编号{report}。", "已联系{org}对化粪池进行清掏。",
    "社区已联合派出所开展电动车飞线充电专项整治，劝导{n_hu}。",
]
POOLS["r_close"] = [
    "感谢您对社区工作的关心与支持。", "如仍有疑问，可拨打{pubnum}。", "如对处理结果不满意，可在{dur_in}提出。",
    "承办单位：{dept}。", "特此答复。", "如有其他问题，欢迎继续通过12345热线反映。", "感谢您的理解与配合！",
    "后续如有问题请联系{dept}，办公地址：{office}。", "以上答复，请予谅解。", "答复单位：{dept}，{date}。",
    "后续处理进展将在{est}公告栏公示。",
]
POOLS["r_finding"] = [
    "{bld}楼道内确有住户堆放杂物，已通知限期清理。", "现场未发现噪音源，将继续跟踪。",
    "该路段路灯故障系电缆被施工挖断，已报供电部门抢修。", "{bld}电梯维保记录齐全，近期故障系使用频繁所致。",
    "涉事商铺已办理营业执照，但未办理油烟排放手续。", "{bld}屋面防水层起鼓开裂面积约{area}平方米。",
]
POOLS["r_cause"] = ["装修时破坏了卫生间防水", "私自改动排水管", "空调冷凝水管脱落", "阳台洗衣机排水接错"]
POOLS["r_legal"] = [
    "根据《民法典》相关规定，相邻关系纠纷建议通过诉讼途径解决。",
    "经查，该房屋产权登记信息无误，请求人如有异议可向不动产登记中心申请更正。",
    "根据《杭州市物业管理条例》，物业服务企业应当按约定退还押金。",
    "您的诉求不属于本单位职责范围，已转交区住建局处理。",
]
POOLS["r_mediate"] = ["双方达成一致，由楼上住户承担维修费用{amount}。", "双方同意由物业先行维修，费用另行协商。", "调解未达成一致，建议通过司法途径解决。"]
POOLS["r_policy"] = [
    "住宅专项维修资金的使用须经专有部分面积占比三分之二以上业主参与表决。",
    "物业服务收费实行政府指导价，多层住宅每平方米每月不超过{price_yuan_small}。",
    "小区公共收益归全体业主所有，应当每季度公示一次。",
    "老旧小区改造项目应当征求居民意见，同意率需达到{pct}以上。",
]
POOLS["r_revenue"] = [
    "{year}年度共计{amount}，其中停车费{amount}，广告费{amount}，已在公告栏公示{dur}。",
    "账目已由业委会聘请第三方审计，审计报告编号{report}。",
    "第三季度收入{amount}，支出{amount}，明细可到物业服务中心查阅。",
]
POOLS["r_company"] = ["合同期至{date}，续聘事宜需由业主大会表决。", "已按合同约定每季度公示收支情况。", "近两年投诉量上升{pct}，街道已约谈项目负责人。"]
POOLS["r_pension"] = ["资格认证问题", "发放标准问题，根据政策今年上调{pct}", "转移接续问题"]
POOLS["r_housing"] = ["系公房，由区房管局直管，租金按{price_rent}收取", "已办理不动产登记（{cert}），属个人产权", "为单位自管房，维修责任在原产权单位"]
POOLS["r_topic"] = ["公共收益公示", "停车收费标准", "电梯加装", "维修资金使用", "业委会换届", "垃圾分类设施"]
POOLS["r_body_long"] = [
    "经核实，{r_issue_full}{r_action}", "经调查，{r_finding}{r_action}", "{r_revenue}{r_action}",
]

POOLS["lost_item"] = ["钥匙一串", "黑色钱包", "学生书包", "蓝色雨伞", "老年手机", "电动车钥匙", "儿童手表", "保温杯"]
POOLS["dog"] = ["棕色泰迪", "白色比熊", "黑色柴犬", "黄色中华田园犬", "灰色英短猫"]
POOLS["place"] = ["小区中心广场", "地下车库", "{bld}楼下", "东门岗亭", "垃圾分类点", "健身器材区", "快递柜旁",
                  "小区西门", "电动车棚", "儿童游乐区"]
POOLS["place_far"] = ["滨江", "未来科技城", "城站", "钱江新城", "下沙", "张江", "黄河路地铁站"]
POOLS["repair_item"] = ["楼道灯更换", "水管抢修", "门禁维修", "下水道疏通", "屋顶补漏", "电动车棚线路检修", "单元门闭门器更换"]
POOLS["contract_item"] = ["电梯年度维保费", "化粪池清掏费", "绿化养护费", "消防维保费", "二次供水水箱清洗费",
                         "监控系统维护费", "白蚁防治费", "道闸系统年费"]
POOLS["reason_water"] = ["二次供水水箱清洗", "主管道阀门更换", "市政管网改造", "水泵房检修"]
POOLS["nt_issue"] = ["电动车进电梯", "高空抛物", "楼道堆放杂物", "飞线充电", "陌生人推销", "小广告乱贴"]
POOLS["nt_advice"] = ["相互提醒、共同监督", "发现后及时告知物业或楼道长", "不要给陌生人开单元门", "不要在楼道内吸烟"]
POOLS["nt_topic"] = ["公共收益使用", "电梯加装意见征集", "停车管理办法修订", "维修资金续筹", "业委会换届"]
POOLS["law"] = ["民法典", "物业管理条例", "杭州市物业管理条例", "浙江省物业管理条例"]
POOLS["nt_body"] = [
    "现将{year}年度公共收益收支情况公示如下：收入{amount}，支出{amount}，结余{amount}。",
    "拟使用维修资金{amount}用于{bld}屋面防水工程，每平方米分摊{price_yuan}。",
    "经业主大会表决，同意票占比{pct}，决议通过。",
    "自{date}起小区地面停车位调整为每月{price_month}，临停收费标准不变。",
]
POOLS["nt_letter"] = [
    "近期{bld}接连发生电动车在楼道充电起火的险情，所幸未造成人员伤亡。请大家到车棚充电，{bld}车棚已新增充电口{n_ge}。",
    "物业服务合同将于{date}到期，业委会将在{dur}内组织业主大会表决续聘事宜，请大家积极参与。",
    "小区{year}年共收到报修{n_jian2}，办结率{pct}，感谢各位业主的理解和支持。",
]
POOLS["n_result"] = [
    "对处理结果表示满意。", "表示问题已解决，但希望物业以后及时响应。", "表示问题未解决，要求重新派单。",
    "说楼道灯已修好，但{bld}还有{n_zhan}不亮。", "不太满意，认为物业态度敷衍。", "表示基本满意，漏水已止住。",
    "表示还没人上门，已催办。", "说物业已清理杂物，拍了照片发在业主群里。",
]
POOLS["n_elder"] = ["腿脚不便", "听力不好，电话要大声", "平时由保姆照顾", "有高血压，需定期上门看看", "子女在外地"]
POOLS["n_visit"] = ["阳台漏水还没修", "想申请老年食堂送餐", "问加装电梯的事", "对物业费上涨意见很大", "希望楼下装个扶手"]
POOLS["n_evidence"] = ["那天是外卖电动车撞坏的道闸", "{bld}门口的车是夜里被刮的", "垃圾是{time}左右被人扔下来的"]
POOLS["n_issue"] = ["楼道灯不亮", "电梯噪音大", "下水道有异味", "车棚充电口不够", "公共收益不透明", "门禁卡失灵"]
POOLS["n_apply"] = ["老年优待证", "困难家庭补助", "加装电梯补贴", "公租房", "居家养老服务"]
POOLS["n_suggest"] = ["在业主群里公开账目", "请业委会出面", "再打一次12345", "先找楼道长协调"]
POOLS["n_reply"] = ["维修资金申请下周上会", "账目会在季度末公示", "已经在联系施工单位", "需要先征求全楼意见"]
POOLS["n_finding"] = ["{bld}楼道堆放的纸箱已清理", "{bld}单元门闭门器坏了", "{bld}外墙有{n_chu}空鼓", "车库积水已排干"]
POOLS["n_todo"] = ["整理{month}回访清单，共{n_jian2}。", "催物业回复{case}。", "把{month}公共收益公示照片上传到台账。", "约网格员一起去{bld}看漏水。"]
POOLS["n_progress"] = ["物业已报价，等业委会确认。", "施工单位{org}已进场。", "材料到货延迟，", "街道已批复维修资金使用。"]
POOLS["n_topic"] = ["公共收益使用", "停车位分配", "电梯维保合同续签", "楼道改造", "垃圾分类督导"]
POOLS["n_docs"] = ["会议纪要原件", "维修报价单", "业主签字表", "发票复印件", "银行回单"]
POOLS["c_q"] = [
    "快递柜为什么总是满的", "物业费什么时候开始交", "{bld}电梯什么时候修好", "垃圾分类点新的投放时间",
    "周边哪里有修自行车的", "社区老年食堂怎么报名", "小区里哪里可以给电动车充电", "新能源车位怎么申请",
]
POOLS["c_q_tail"] = [
    "问了物业{n_ci}都没人回。", "{bld}的邻居都在问。", "物业公告上写的是{date}，又改了吗？", "上次打{pubnum}也没说清楚。",
    "网格员说{dur}内会通知。", "等了{dur_short}了😂",
]
POOLS["c_warn"] = ["有人在推销净水器，说是物业安排的，物业说没有这回事", "有一辆车在转悠，好像在看车牌",
                   "有只大狗没拴绳", "井盖被掀开了，晚上走路小心", "发现有人撬电动车锁"]
POOLS["c_praise"] = ["楼道里的杂物都清干净了", "还帮独居老人把米扛上楼", "每天提醒大家垃圾分类", "组织大家给楼道刷了墙"]
POOLS["c_office"] = ["工作人员很耐心，一次就办好了", "排了{dur_short}的队", "材料不齐又白跑一趟", "窗口{time}就下班了"]
POOLS["c_chat"] = [
    "周末去王府井逛了一圈，回来发现{bld}电梯又停了。", "李家村那边的菜场搬了，现在买菜要多走{dur_short}。",
    "石桥新村那边的房租涨到{price_rent}了，咱们这边还好。", "黄河路新开了一家超市，{pct}折扣，挺方便的。",
    "钱塘江边的步道修好了，晚上去散步的老年人很多。", "张江那边的亲戚说他们小区物业费才{price_fee}。",
    "高层的住户能不能别往下扔烟头了，{bld}楼下的车都烫坏了。", "向阳路口的红绿灯坏了{dur}，过马路小心。",
]
POOLS["c_menu"] = ["红烧肉、炒青菜、番茄蛋汤", "清蒸鱼、豆腐、冬瓜汤", "鸡腿饭加一份时蔬"]
POOLS["c_class"] = ["少儿围棋班", "老年智能手机培训", "周末书法班", "暑期托管班"]
POOLS["weekday"] = ["周一", "周二", "周三", "周四", "周五"]
POOLS["n_shi"] = ["一室", "两室", "三室"]

# ---------------------------------------------------------------------------------------------
# Snippet templates per genre: "planted" ones use PII slots, "clean" ones must not.
# ---------------------------------------------------------------------------------------------
TEMPLATES = {g: {"planted": [], "clean": []} for g in GENRES}

TEMPLATES["complaint"]["planted"] = [
    "来电号码{phone}，来电人反映：{est}{bld}{c_prob}{c_req}",
    "【市民诉求】联系人：{fullname}；联系方式：{phone}；地址：{est}{room}；内容：{c_prob}{c_req}",
    "{c_open}{est}{room}租户{hname}称，房东把房子隔成{n_jian}出租，楼道里全是电动车。{c_req}",
    "{c_open}{est}{room}业主称，{c_prob}{c_req}联系电话：{phone}。",
    "来电人：{fullname}\n联系电话：{phone}\n诉求地址：{est}{room}\n诉求内容：{c_prob}{c_req}",
    "市民{hname}来电反映，其居住的{est}{room}{c_prob_home}{c_req}",
    "{c_meta}市民反映：{est}地下车库{parking}长期被{plate}占用，{c_park_tail}{c_req}",
    "举报人：{fullname}（身份证号：{id}），举报{est}{bld}有住户{c_illegal}，{c_req}",
    "请求人{fullname}反映：{c_prob}已多次向物业{tname}反映，至今未解决。{c_req}回复请发{email_l}。",
    "市民来电称，{est}{room}楼上{c_noise}，{c_req}来电人要求回电：{phone}。",
    "投诉人：{fullname}，身份证号码{id}，电话{phone}。投诉事由：{c_prob}",
    "诉求内容：{est}{bld}门口的{plate}和{plate}两辆车长期停在消防通道上，{c_park_tail}请交警部门处理。",
    "市民反映：{c_prob}物业{lxname}说要等业委会开会，{dur}了没动静。{c_req}",
    "【{case}】来电人{hname}反映{est}{room}{c_prob_home}联系方式：{phone}，{wx_l}。",
    "我是{est}{room}的住户，{c_prob}打物业电话没人接，{c_req}我的手机{phone}。",
    "业主{fullname}（{room}）反映：物业多收了{n_yue}物业费共{fee}，要求退还至本人银行卡{card}。",
    "市民通过12345热线反映：{est}{bld}楼道被贴满办证小广告，上面留的联系方式是{qq_l}，{c_req}",
    "来电人{fullname}称其父亲{hname}住在{est}{room}，{c_elder}联系电话：{phone}。",
    "市民反映{est}{bld}附近一辆{plate}（车主{hname}）每天在{place}洗车，污水横流。{c_req}",
    "诉求人：{fullname}　电话：{phone}　{email_l}\n{c_prob}{c_req}",
    "{c_open}{c_prob}反映人{lxname}表示已经找过{tname}，对方推说不归物业管。联系电话{phone}。",
    "租户{fullname}反映：其租住的{est}{room}房东{hname}拒不退还押金{fee}，{c_req}",
    "网友留言：我家在{room}，楼下{room}{c_noise}，沟通多次无果。{c_req}有事请联系{wx_l}",
    "市民来电：{est}{bld}有人兜售{c_goods}，还在业主群里留了{qq_l}和{wx_l}，怀疑是诈骗，请派出所核查。",
    "来电人{fullname}反映{est}物业于{date}给其车辆{plate}贴了锁车单，{c_req}联系电话{phone}。",
    "受理时间：{isodate} {hm}\n来电人：{fullname}\n来电号码：{phone}\n诉求：{c_prob}",
    "市民反映：{est}{room}业主{hname}家的狗{c_dog}，{c_req}",
    "诉求内容：本人{fullname}，身份证{id}，系{est}{room}产权人，{c_prop}",
    "业主反映：装修公司{tname}（电话{phone}）在{est}{room}施工，{c_reno}",
    "{c_open}地下车库{plate}车主{fullname}私装地锁占用公共车位，{c_req}",
    "市民{hname}反映，{c_prob}希望物业负责人{tname}出面解决。回复号码：{phone}",
    "来电人{lxname}（{est}{room}）反映：{c_prob_home}已拨打{pubnum}无人接听。{c_req}",
    "业主{fullname}来信反映（{email_l}）：{c_prob}{c_req}",
    "市民来电反映物业管家{tname}泄露其信息：把她的手机号{phone}和房号{room}发到了业主群。{c_req}",
    "举报：{est}{bld}楼下有人办假证，小广告上写着{wx_l}，{qq_l}，电话{phone}。",
    "来电人{fullname}反映已向物业缴纳车位费，车牌{plate}，但道闸仍不识别。{c_req}",
    "市民反映：{est}{room}的{hname}在{place}私搭鸽棚，{c_req}来电人不愿透露姓名，回访请打{phone}。",
    "{c_meta}户主{fullname}反映{est}{room}{c_prob_home}{c_req}",
    "投诉：{est}物业收费员{lxname}收了现金{amount}不开收据，我已经留了转账记录，电话{phone}。",
    "市民通过12345反映，{est}{bld}住户{hname}家中有人在楼道里{c_illegal}，{c_req}反映人{email_l}",
    "来电人{fullname}反映，他在{est}租房，房东{tname}把他的身份证号{id}发到了中介群里，要求删除。",
    "市民反映{est}{room}有人饲养大型犬，{c_req}另外，楼上{room}的{lxname}经常高空抛物。",
    "业主{fullname}，电话{phone}，{qq_l}。反映：{c_prob}",
]
TEMPLATES["complaint"]["clean"] = [
    "市民反映：{est}车库道闸的车牌识别经常出错，外地牌照的车辆进不来，{c_req}",
    "诉求内容：业主反映其房屋不动产权证（{cert}）登记的面积与合同不一致，开发商{dur}未答复。{c_req}",
    "@物业 市民通过12345反映：{est}{bld}的{c_prob}",
    "来电人反映：物业在业主群公布欠费名单时只隐去了部分号码（如{masked}），仍能认出是谁，{c_req}",
    "市民反映：在{est}缴纳停车费后（{longnum}），车牌仍未录入道闸系统，{c_req}",
    "市民反映：{est}物业办理门禁卡要求登记身份证号码和车牌号，{c_req}",
    "{c_open}{est}{bld}{c_prob}{c_req}",
    "{c_meta}{c_open}{c_prob}{c_req}",
    "工单号：{case_bare}\n受理时间：{isodate} {hm}\n诉求内容：{c_prob}{c_req}",
    "市民通过12345热线反映：{est}{c_prob}{c_extra}{c_req}",
    "{c_open}{est}物业费从{price_fee}上调到{price_fee}，上涨{pct}，{c_fee_tail}{c_req}",
    "诉求内容：{c_prob}来电人称已拨打{pubnum}，{c_req}",
    "市民反映：{est}公共收益账目不公开，{date}公示的金额为{amount}，与实际停放{n_liang}车辆的收费对不上。{c_req}",
    "{c_open}{est}附近{street}的{org}施工噪音扰民，{time}以后仍在作业，{c_req}",
    "来电人反映：{c_prob}你方水电师傅来看过{n_ci}，一直没修好。{c_req}",
    "市民反映：到{office}办理{c_biz}，工作人员让跑了{n_ci}，{c_req}",
    "诉求内容：业主反映{est}维修资金使用不透明，{date}公示的{c_item}费用{amount}，{invoice}，{c_req}",
    "{c_open}{est}{bld}电梯{c_lift}电梯{model}，维保单位{org}。{c_req}",
    "市民反映{est}高层住户二次供水{c_water}{c_req}",
    "{c_open}{est}周边{c_env}{c_req}",
    "匿名反映：{c_prob}楼道长和网格员都知道，但{dur}了没有进展。{c_req}",
    "{case}\n{c_open}{c_prob}\n处理时限：{dur_in}",
    "市民反映其购买的{est}房屋已取得不动产权证（{cert}），但开发商至今未移交{c_facility}。{c_req}",
    "业主反映：{est}业委会{date}的换届选举{c_election}{c_req}",
    "{c_open}{est}{bld}楼下的{c_shop}{c_req}",
    "市民反映：{est}物业与{org}（{credit}）签订的{c_item}合同没有公示。{c_req}",
    "诉求内容：根据{docno}，老旧小区改造应当征求居民意见，但{est}{c_reno_pub}{c_req}",
    "{c_open}{est}停车场收费系统{version}升级后，月卡车辆也被按临停收费{price_park}，{c_req}",
    "市民来电咨询：{est}老年人食堂每餐{price_meal}，子女代缴时提示需要身份证，想了解办理流程。",
    "{c_open}{est}{bld}{parking}被人用杂物占着，物业说车位编号有误，{c_req}",
    "来电人反映：{est}物业的收费收据{invoice}上没有盖章，金额{fee}，{c_req}",
    "业主反映：{est}电动车棚充电收费{price_charge}，比{street}对面小区贵{pct}，{c_req}",
    "市民反映：{est}的物业管家把业主群里的投诉截图转给了被投诉人，{c_req}",
    "{c_open}{est}{bld}近{dur}内发生{n_ci}电梯困人，{c_req}",
    "市民反映：{est}门口公交站台被{org}的广告牌挡住，候车的老年人看不到来车。{c_req}",
]

TEMPLATES["reply"]["planted"] = [
    "答复：{fullname}您好，您于{date}通过12345反映的{r_issue}问题，{r_action}{r_close}",
    "经核实，来电人{hname}（{room}）反映的{plate}长期占用消防通道问题属实，交警已于{date}贴单处理。{r_close}",
    "处理结果：物业已将{fullname}（{id}）的欠费公示信息从公告栏撤下，并向其道歉。{r_close}",
    "{r_open}经查，{room}业主{hname}已于{date}缴清欠费，请物业及时恢复其门禁卡。如有疑问请联系{tname}（{phone}）。",
    "答复如下：经核实，请求人{fullname}（联系电话{phone}）反映的{est}{room}{r_issue}问题属实。{r_action}{r_close}",
    "{r_open}经社区网格员上门核实，{est}{room}住户{hname}反映情况属实。{r_action}{r_close}",
    "关于{fullname}反映{est}车位被占问题的答复：经查，占用车位车辆为{plate}，车主已于{date}挪走。{r_close}",
    "{r_open}经与物业项目负责人{tname}沟通，{r_action}如有疑问可与{tname}联系，电话{phone}。",
    "处理结果：已电话联系来电人{lxname}（{phone}），{r_action}来电人对处理结果表示满意。",
    "经核实，{est}物业已将多收的物业费{fee}退还至业主{fullname}的银行卡（卡号{card}）。{r_close}",
    "您好！您反映的{est}{bld}{r_issue}问题已收悉。经核实，该问题系{room}住户{r_cause}所致，{r_action}{r_close}",
    "答复意见：请求人{fullname}，身份证号{id}。{r_legal}{r_close}",
    "经调查，{plate}、{plate}两车系{est}业主车辆，已由物业{tname}通知车主按规定停放。{r_close}",
    "{r_open}来电人{hname}反映的{r_issue}问题，街道已会同{dept}现场查看，{r_action}整改照片已发送至来电人提供的{email_l}。",
    "答复如下：{est}{room}业主{fullname}（{phone}）与楼下住户的漏水纠纷，社区已于{date}组织双方调解，{r_mediate}{r_close}",
    "经核实，{fullname}反映的{qq_l}被冒用发布{est}房屋出租信息一事，已建议其向公安机关报案。{r_close}",
    "处理情况：{date}，工作人员与{lxname}（{est}{room}）电话沟通，{r_action}回访电话：{phone}。",
    "{r_open}已责成物业对{plate}车主{hname}进行劝导，{r_action}{r_close}",
    "答复：经查，{est}{room}登记在{fullname}名下（{cert}）。{r_legal}",
    "经核实，举报人{fullname}反映{est}{room}群租问题属实，{r_action}举报人联系方式：{phone}，{wx_l}。",
    "{r_open}您反映的装修押金退还问题，物业已于{date}将{fee}退回您的账户{card}，请注意查收。{r_close}",
    "答复如下：{bld}电梯困人事件发生于{date}{time}，被困人员为{room}住户{hname}及其孙子，{dur_short}后被救出。{r_action}",
    "经街道协调，{org}已联系请求人{fullname}，约定于{date}上门维修。请求人电话{phone}，{email_l}。",
    "{lxname}您好，您在业主群反映的{r_issue}问题，{r_action}如有需要可联系物业管家，{wx_l}。",
    "处理结果：经联系，请求人{fullname}（身份证号码{id}）的诉求已转交{dept}，{r_close}",
    "答复：{hname}您好，{r_issue_full}{r_action}如需上门查看，请回电{phone}预约。",
    "经核实，车牌为{plate}的车辆登记在{room}业主{hname}名下，物业已告知其不得占用消防通道。{r_close}",
    "您好！您的邮件（{email_l}）已收悉。{r_issue_full}{r_action}",
    "答复意见：来电人{fullname}所述{tname}收取押金{fee}一事，经查属实，已责令退还。{r_close}",
    "处理结果：网格员{lxname}于{date}上门，{room}的{hname}已同意清理楼道杂物。{r_close}",
    "经核查，投诉人{fullname}（{phone}）反映的{qq_l}发布虚假广告问题，已移交属地派出所。",
]
TEMPLATES["reply"]["clean"] = [
    "答复：经核实，您反映的房屋（{cert}）产权登记信息无误，如需更正请到不动产登记中心（{street}）办理。{r_close}",
    "经核实，您提供的支付记录（{longnum}）已找到，物业已补录车牌，道闸识别正常。{r_close}",
    "处理结果：物业公示欠费名单时已对号码作脱敏处理（{masked}），今后将不再公示具体户号。{r_close}",
    "答复如下：车库道闸系统已升级（{version}），新能源车牌和外地牌照识别问题已解决。{r_close}",
    "{r_open}{r_issue_full}{r_action}{r_close}",
    "答复如下：经核实，{est}{bld}{r_issue}问题属实。{r_action}{r_close}",
    "您好！您反映的问题已收悉。经{dept}工作人员现场核查，{r_finding}{r_action}{r_close}",
    "关于{est}{r_topic}的答复\n{r_body_long}\n{dept}\n{date}",
    "处理结果：{r_action}处理时限：{dur_in}。{case}。",
    "经核实，{est}公共收益{r_revenue}{r_close}",
    "答复：根据{docno}规定，{r_policy}{r_close}",
    "经查，{est}物业服务企业{org}（{credit}）{r_company}{r_close}",
    "{r_open}您咨询的养老金{r_pension}，请携带身份证原件到{office}办理（地址：{street}，工作时间{hours}）。",
    "经核实，您反映的{bld}楼道灯问题，你方水电师傅已于{date}{time}更换灯具{n_zhan}，现已恢复。{r_close}",
    "答复意见：{r_issue_full}街道已将该问题列入{year}年老旧小区改造计划，预计{date}前完成。{r_close}",
    "您好，关于{est}{r_topic}，物业已于{isodate}在公告栏公示，公示期{dur}。如有异议，请于公示期内向业委会反映或拨打{pubnum}。",
    "经核实，您反映的收费问题：{est}地面停车位{n_ge}，收费标准为{price_month}，已报物价部门备案（{docno}）。{r_close}",
    "处理情况：网格员于{date}上门核实，{r_finding}楼道长已协助张贴提示。{r_close}",
    "答复：经查，该房屋{r_housing}。{r_close}",
    "{r_open}{case}所涉{est}{bld}{r_issue}问题，{r_action}{r_close}",
    "您好！关于维修资金使用，{est}{bld}屋面防水工程预算{amount}，{invoice}，已经业主表决通过，同意率{pct}。{r_close}",
    "经核实，{est}电梯维保单位为{org}，电梯{model}，最近一次年检为{isodate}，依据{standard}检验，结论合格。{r_close}",
    "答复如下：根据{standard}，住宅楼道、疏散通道内不得堆放杂物。{est}{bld}楼道杂物已于{date}清理。{r_close}",
    "答复如下：您反映的{est}周边{street}施工噪音问题，{r_action}{r_close}",
    "答复：您反映的物业收费问题，按{docno}，{r_policy}{est}现行标准为{price_fee}。{r_close}",
    "处理结果：{r_finding}{r_action}回访时来电人表示满意。{r_close}",
    "{r_open}您反映的{est}{parking}被占问题，物业已张贴提示，并在{time}巡查。{r_close}",
]

TEMPLATES["notice"]["planted"] = [
    "通知：{room}业主请于{date}前到物业服务中心领取包裹，联系人{tname}，{phone}。",
    "感谢信：感谢{room}的{hname}拾金不昧，将在{place}捡到的钱包交还失主。特此表扬！",
    "业委会联系方式：主任{fullname}，{phone}；秘书{fullname}，{email_l}。",
    "失物招领\n{date}在{place}拾到{lost_item}，请失主到物业服务中心认领，或联系{hname}：{phone}。",
    "寻物启事：本人于{date}在{est}{place}遗失钱包一个，内有身份证（{id}）及银行卡若干，拾到者请联系{phone}，必有重谢！",
    "挪车通知：{plate}车主，您的车辆停在{bld}消防通道，请速挪车！物业{tname}",
    "温馨提示：{bld}楼道堆放的旧沙发系{room}住户所有，请于{date}前自行清理。",
    "寻狗启事\n{date}{time}左右在{est}{place}走失一只{dog}，请好心人联系{lxname}：{phone}（{wx_l}）",
    "车位出租：{est}地下车库{parking}，月租{price_month}，有意者{wx_l}，非诚勿扰。",
    "家教信息：{est}{room}，{c_subject}，每小时{price_tutor}，联系{hname}{phone}，{qq_l}。",
    "通知：{bld}{date}停水，如有特殊情况请联系楼道长{hname}，电话{phone}。",
    "招租：{est}{room}，{n_shi}一厅，家电齐全，月租{price_rent}，联系人：{fullname}，{phone}。",
    "公示：{est}业委会候选人名单：{fullname}（{room}）、{fullname}（{room}）、{fullname}（{room}）。",
    "拾到身份证一张，姓名{fullname}，号码{id}，请本人到物业前台领取。",
    "快递放错通知：{room}的快递被误放到{bld}快递柜，请联系{lxname}（{phone}）领取。",
    "关于清理僵尸车的通知：以下车辆长期停放未移动：{plate}、{plate}、{plate}，请车主于{date}前挪走。",
    "二手转让：{c_goods2}，{price_item}，{est}自提。{qq_l}",
    "房屋出售：{est}{room}，{area}平方米，满五唯一，联系{tname}{phone}，{email_l}",
    "兴趣班招生：{c_class}，地点小区活动室，报名{wx_l}，或{email_l}。",
    "电梯维修通知：{bld}电梯{date}停运维修，维保单位负责人{tname}，电话{phone}。",
    "欠费公示：{room}业主{fullname}拖欠物业费{fee}，请于{date}前缴清。",
    "紧急寻人：{room}的{hname}（{n_sui}岁，记忆力不好）于{date}走失，见到请联系其女儿{phone}。",
    "羽毛球爱好者召集：每周{weekday}晚上在小区活动室，群主{lxname}，{qq_l}",
    "装修公示：{est}{room}将于{date}开始装修，工期{dur}，施工负责人{tname}，电话{phone}。",
    "通知：请{plate}车主于{date}前到物业服务中心办理月卡续费，逾期按临停收费。",
    "停车位转让：{est}{parking}，产权车位，{amount}，联系{hname}，{phone}。",
    "失物招领：{date}在{place}拾到银行卡一张（卡号{card}），请失主携带身份证到物业认领。",
    "告示：{room}业主{fullname}与物业的纠纷已诉至法院，请勿听信传言。",
    "业主微信群二维码过期了，想进群的邻居请联系群管理员，{wx_l}，备注房号。",
    "亲子活动报名：{date}在小区中心广场举行，报名请联系{hname}（{phone}）或发邮件，{email_l}。",
    "招聘保洁员：{est}物业招聘保洁员{n_ming}，工资{fee}/月，联系{tname}，{phone}，{wx_l}。",
]
TEMPLATES["notice"]["clean"] = [
    "通知：请尚未登记车牌的业主携带行驶证、房屋不动产权证（如{cert}）到物业服务中心办理月卡。",
    "公示：{month}物业费收缴中已核对的转账记录：{masked}、{masked}等，如有误请联系物业。{pubnum}。",
    "温馨提示：办理老年人优待证需携带身份证原件及一寸照片，地点{office}，办理时间{hours}。",
    "车辆登记通知：外地牌照车辆请在{date}前到物业登记车牌，未登记车辆按临停{price_park}收费。",
    "@全体业主 {date}{time}起地下车库进行环氧地坪施工，请将车辆移至地面，预计{dur}。",
    "停水通知\n因{reason_water}，{est}{bld}将于{date}{time}至{time}停水，请各位业主提前做好储水准备。给您带来的不便敬请谅解。\n{est}物业服务中心\n{date}",
    "停电通知：接供电公司通知，{date}{time}至{time}{est}{bld}计划停电检修，电梯暂停使用。{pubnum}。",
    "温馨提示：近期{bld}多次发生{nt_issue}，请各位业主{nt_advice}。",
    "关于{nt_topic}的公告\n根据{docno}及《{law}》有关规定，{nt_body}\n特此公告。\n{est}业主委员会\n{date}",
    "公示：{year}年第{q}季度公共收益收入{amount}，支出{amount}，结余{amount}，明细见附表（{invoice}等{n_zhang}票据可在物业服务中心查阅）。",
    "消防安全提示：按{standard}要求，疏散楼梯间内不得停放电动车、堆放物品。{est}物业将于{date}起开展专项清理。",
    "友情提醒：请勿在楼道内停放电动车，{bld}车棚已安装智能充电桩{n_tai}，收费{price_charge}。",
    "失物招领：{date}在{place}拾到{lost_item}，请失主携带身份证到物业服务中心（{office}）认领。",
    "消防演练通知：{date}{time}在小区中心广场举行消防演练，请{bld}住户积极参加。",
    "健康体检：社区卫生服务中心（{street}）将于{date}为辖区老年人免费体检，请携带医保卡。",
    "电梯年检通知：{bld}电梯（{model}）将于{date}进行年度检验，检验期间暂停使用约{dur_short}。",
    "物业费收缴公示：截至{isodate}，全小区{n_hu}中已缴纳{n_hu}，收缴率{pct}。",
    "维修资金使用公示：{bld}屋面防水维修，预算{amount}，每平方米分摊{price_yuan}。公示期{dur}，如有异议请于{date}前书面反馈至物业服务中心。",
    "垃圾分类新规：自{date}起，{est}撤桶并点，定时投放时间为{hours}。",
    "关于规范停车的通知：小区道闸已升级车牌识别系统（{version}），外来车辆临停{price_park}，请业主在微信公众号上登记车牌。",
    "社区服务：{office}每周三{time}提供养老金资格认证、高龄补贴申领服务。",
    "致全体业主的一封信：{nt_letter}",
    "装修管理规定：装修时间为工作日{hours}，节假日不得进行有噪音作业，装修押金{fee}，完工验收后{dur_in}退还。",
    "公告：{est}第{n_jie}届业主委员会换届选举将于{date}举行，请业主到{office}领取选票。{pubnum}。",
    "温馨提示：近期有不法分子冒充物业工作人员上门收费，物业收费只在物业服务中心进行，{pubnum}。",
    "通知：{bld}{parking}等车位地面重新划线，{date}{time}起请勿停放。",
    "公示：本小区物业服务企业{org}，{credit}，服务合同期至{date}。",
    "燃气安全检查通知：{date}至{date}燃气公司工作人员将入户安检，请留意工作人员工作证。",
    "关于收取{year}年度物业费的通知：收费标准为{price_fee}，{date}前缴纳可享{pct}优惠。",
    "文明养犬倡议：请牵绳遛狗，及时清理粪便。{est}共登记犬只{n_zhi}，未登记的请于{date}前到{office}办理。",
    "加装电梯公示：{bld}加装电梯项目已取得{docno}批复，总投资{amount}，政府补助{amount}。",
    "小区{est}快递柜收费调整：超时保管费{price_park}，由{org}收取，物业不参与分成。",
    "APP缴费通知：物业缴费小程序已更新至{version}，老年人不会操作的可到物业服务中心现场缴费。",
    "临时交通管制：{date}{time}起，小区西门至{bld}路段施工，请绕行东门，预计持续{dur}。",
]

TEMPLATES["revenue"]["planted"] = [
    "{isodate}｜收入｜装修押金｜{room}｜{fee}｜缴款人{fullname}｜{receipt}",
    "{isodate} 支付{hname}（{phone}）空调外机支架加固人工费{fee}，现金支付",
    "{isodate} 收取{plate}车主违规停车清障费{fee}（车主{lxname}，{room}）",
    "{isodate} 退还{fullname}门禁卡押金{fee}，{wx_l}转账，{voucher}",
    "{isodate} 收取电梯广告位租金{fee}，由个人{fullname}代收后转交，其银行卡{card}",
    "{isodate} 收取{plate} {month}停车费 {fee}，{receipt}",
    "{isodate}｜收入｜地面停车费｜{plate}｜{fee}｜{voucher}",
    "{date} 支付{hname}{repair_item}人工费{fee}（转账至{card}，{slip}）",
    "{isodate} 退还{room}业主{fullname}装修押金{fee}，收款账户{card}",
    "收入：{month}车位租金，{plate}，{fee}；{plate}，{fee}；{plate}，{fee}。",
    "{isodate} 支付{tname}（个人）{repair_item}维修款{fee}，身份证号{id}，代扣个税{tax}，{voucher}",
    "{isodate} 收取{room}{fullname}公共区域广告位租金{fee}",
    "{date} 收取{lxname}（{room}）电动车充电卡充值{fee}，微信转账，{wx_l}",
    "支出 {isodate} 劳务费 {fee} 收款人：{fullname} 卡号：{card} 用途：{repair_item}",
    "{isodate} 收取临时停车费，{plate}，停车{dur_short}，{fee}",
    "退款：{isodate} 退还{fullname}（{phone}）多缴物业费{fee}",
    "{isodate}，收到业主{fullname}交来{room}的{year}年度物业费{fee}，{receipt}。",
    "支付{hname}保洁临时工工资{fee}，{date}，现金，签收人：{fullname}",
    "{isodate} 收入 车位管理费 {plate}（车主{hname}，{phone}）{fee}",
    "{month}停车费明细：{plate} {fee}｜{plate} {fee}｜{plate} {fee}｜{plate} {fee}",
    "{isodate} 支付{fullname}维修垫付款{fee}，{voucher}，收款银行卡{card}，开户行：{bank}",
    "{isodate} 收取{room}租户{fullname}门禁卡工本费{fee}",
    "{isodate} 支出：{plate}车辆拖移费{fee}（车主{fullname}拒缴，由物业垫付）",
    "{isodate} 支付{tname}团队{repair_item}费用{fee}，对方提供身份证{id}，无发票，{voucher}",
    "{isodate} 收取{plate}新能源车位充电服务费{fee}，{wx_l}转账",
    "{date} 收到{hname}（{room}）捐赠社区图书角购书款{fee}，经手：{lxname}",
    "{isodate} 支付电工{hname}电动车棚线路改造款{amount}，支付宝转账，备注电话{phone}",
    "{isodate} 收取{room}车位（{plate}）{year}年租金{fee}，{invoice}",
    "{isodate} 支付{fullname}垫付的楼道灯材料费{fee}，转入{card}，{slip}",
    "{isodate}｜退还｜{fullname}｜车位押金｜{fee}｜{bank}卡号{card}",
    "{isodate} 收取{qq_l}联系的广告商摆摊场地费{fee}，对方未留单位名称",
    "{isodate} 收取{room}业主{hname}地下室租金{fee}，{receipt}，电话{phone}",
]
TEMPLATES["revenue"]["clean"] = [
    "{isodate} 收取业主车位租金（车牌已隐去，付款人{masked}）{fee}，{longnum}",
    "{isodate} 收入 产权车位管理费 {fee}，不动产权证号{cert}，{receipt}",
    "{isodate} 支付{org}车牌识别系统升级费{amount}，{invoice}",
    "{isodate} 收取{org}公共区域广告位租金{amount}，{invoice}",
    "{isodate}｜收入｜快递柜场地使用费｜{org}｜{amount}｜{voucher}",
    "{isodate} 支付{org}{contract_item}{amount}，{slip}",
    "{month}临时停车费收入{amount}（共{n_liang}次，均价{price_yuan}）",
    "{isodate} 收取电动车充电桩电费分成{amount}，按{pct}分成，{longnum}",
    "{isodate} 支付{org}化粪池清掏费{amount}，{invoice}，{credit}",
    "{isodate} 利息收入 {amount}（{bank}活期，{slip}）",
    "{year}年{month}公共收益合计{amount}，其中停车费{amount}、广告费{amount}、场地费{amount}，较上月增长{pct}。",
    "{isodate} 支付业委会办公经费{amount}，经手人：业委会秘书，{voucher}",
    "支付{org}电梯年度维保费（电梯{n_tai}，每台{price_year}）{amount}，{contract}",
    "{isodate} 收取地面停车费（月租车{n_liang}）{amount}，{longnum}",
    "{isodate} 支出 绿化补种 {amount} {org} {invoice}",
    "{isodate} 收入 公共用房出租房租{amount}，承租方{org}，{contract}",
    "结转：{year}年度公共收益结余{amount}，按业主大会决议{pct}用于补充维修资金。",
    "{isodate} 支付你方水电师傅更换{bld}楼道灯具材料费{amount}，以发票为准（{invoice}）",
    "{isodate} 支出 消防设施检测费 {amount}，检测单位{org}，{report}",
    "{isodate} 收取{org}充电桩场地租金{amount}，{receipt}，{credit}",
    "{isodate}｜支出｜二次供水水箱清洗｜{org}｜{amount}｜{invoice}｜{slip}",
    "{isodate} 收入 临停车辆{n_liang}，合计{fee}，其中超过{dur_short}的按{price_park}计费",
    "{isodate} 支付网格员活动物资费{fee}，{receipt}（现金，由楼道长领取）",
    "{isodate} 支出 业主大会表决票印刷费 {fee}，印刷{n_fen}，单价{price_yuan_small}",
    "{isodate} 收取{org}电梯广告屏租金{amount}，合同期{dur}，{contract}",
    "{isodate} 银行手续费 {amount}（{bank}，{slip}）",
    "{isodate} 支付{org}监控系统升级款{amount}，设备{model}，{invoice}",
    "{month}公共收益：停车{amount}，广告{amount}，快递柜{amount}，合计{amount}，{voucher}",
    "{isodate} 退还{org}履约保证金{amount}，{slip}",
]

TEMPLATES["note"]["planted"] = [
    "{phone} 这个号码是{hname}的，{date}打过，说{n_issue}。",
    "回访结果汇总（{date}）：{room} 满意；{room} 不满意，{lxname}说{n_issue}；{room} 未接通。",
    "电话沟通记录：对方自称{tname}，要求把结果发到{email_l}，另加{qq_l}。",
    "备忘：{hname}的孙女来电，说奶奶的手机号换了，新号{phone}。",
    "{date}{hm} 来访人：{fullname}（{room}），车牌{plate}，事由：{n_issue}。",
    "回访记录｜{date}{hm}\n回访对象：{fullname}（{est}{room}）\n电话：{phone}\n结果：{n_result}",
    "{date}电话回访{hname}（{phone}），{n_result}",
    "志愿者走访：{room}{hname}独居，{n_elder}，子女电话{phone}，已登记。",
    "记录人：{fullname}。今天去了{room}，{lxname}家{n_visit}。",
    "{date} 回访{fullname}：{n_result}她要求书面答复，{email_l}",
    "回访未接通：{phone}（{hname}），{time}再拨一次仍无人接听，改发短信。",
    "备忘：{room}住户{tname}提供了{plate}的行车记录仪视频，证明{n_evidence}。",
    "今日走访{n_hu}，重点：{room}{hname}、{room}{hname}，均反映{n_issue}。",
    "登记：{fullname}，身份证{id}，{est}{room}，申请{n_apply}。",
    "{hname}说她孙子的QQ被盗了，有人冒用{qq_l}在业主群借钱，已提醒大家。",
    "回访记录：来电人{lxname}表示物业已处理，但对{tname}的态度不满。联系方式：{wx_l}。",
    "备注：{room}的{hname}电话{phone}打不通，改加{wx_l}联系。",
    "跟进：{fullname}的退款已到账（{card}），本人确认。",
    "访谈笔记：{hname}、{hname}都说{n_issue}，{lxname}建议{n_suggest}。",
    "回访：{date}，{tname}（业委会）答复说{n_reply}。电话{phone}",
    "回访清单：1. {fullname} {phone} 已回访；2. {fullname} {phone} 未接；3. {fullname} {phone} 满意。",
    "{date}走访{est}，{room}的{hname}反映{n_issue}，留了{qq_l}，说平时不看微信。",
    "核对车位登记：{plate}（{room}），{plate}（{room}），{plate}（登记人{lxname}）。",
    "提醒：{fullname}（{id}）的困难补助材料缺户口本复印件，下周{weekday}补交。",
    "回访记录：{hname}{n_result}另外其子女{lxname}的{email_l}，以后结果发过去。",
    "来访登记：{date}{hm}，{fullname}，{phone}，事由：{n_issue}。",
    "备忘：退押金需要{fullname}的卡号，{card}，{bank}，已核对。",
    "{date} 和{tname}一起去{room}看漏水，{hname}不在家，留了字条，电话{phone}。",
    "走访笔记：{room}{fullname}，{n_elder}，车辆{plate}常年不动，是否僵尸车待核实。",
]
TEMPLATES["note"]["clean"] = [
    "核对：业主提供的不动产权证{cert}与登记一致，车牌待补录。",
    "备忘：支付截图的单号{longnum}，物业说系统里查不到，明天再问。",
    "回访：{masked_phone}（业主要求不留全号），{n_result}",
    "@网格员 {bld}那户说身份证复印件已经交过了，不用再交。",
    "回访记录｜{date}{hm}\n回访方式：电话\n回访结果：{n_result}\n回访人：志愿者（编号{vol_id}）",
    "{date}走访{bld}，{n_finding}，已拍照上传，{case}。",
    "备忘：{n_todo}",
    "跟进{case}：{n_progress}预计{dur_in}完成。",
    "今日巡查：{bld}、{bld}楼道灯正常；{bld}{n_issue}，已告知楼道长。",
    "会议纪要：{date}业委会例会，议题：{n_topic}。出席{n_ren}，列席：网格员、物业项目经理。",
    "回访（{date}{hm}）：来电人不愿留姓名，{n_result}",
    "电话回访记录：号码已隐去（{masked_phone}），{n_result}",
    "核对：{month}公共收益{amount}，与银行流水一致，{slip}。",
    "提醒自己：下周{weekday}{time}去{office}交材料，带上{n_docs}。",
    "统计：本月共回访{n_hu}，满意{n_hu}，基本满意{n_hu}，满意率{pct}。",
    "现场记录：{bld}外墙空鼓面积约{area}平方米，已请{org}评估，报价{amount}。",
    "回访{case}：{n_result}处理时长{dur}。",
    "笔记：{est}{parking}的地锁是物业装的，不是业主私装，已核实。",
    "走访{bld}：楼道长反映{n_issue}，网格员已上报，{case}。",
    "整理台账：{date}至{date}共收到诉求{n_jian2}，其中物业类占{pct}，{n_topic}类{n_jian2}。",
    "备忘：{org}的{credit}核对无误，合同{contract}，金额{amount}。",
    "记录：{office}的工作人员说材料要交原件，{time}前到。",
    "回访（{masked_phone}）：{n_result}",
    "备注：物业值班电话已核对，{pubnum}，可以写进公示。",
    "会议记录：讨论{est}{bld}加装电梯，赞成{n_hu}，反对{n_hu}，依据{docno}可申请补助{amount}。",
    "今天核对了{year}年{month}的停车费流水，{longnum}这一笔是月卡续费，金额{fee}，没问题。",
]

TEMPLATES["comment"]["planted"] = [
    "{phone}这个号码一直打骚扰电话，自称是物业的，大家小心",
    "求助！{hname}在{place}晕倒了，家属电话{phone}，谁认识帮忙联系一下",
    "{room}的邻居，你家快递在我这，{wx_l}",
    "@物业管家 {plate}这辆车已经在{bld}门口停了{dur}了，堵着消防通道，能不能处理一下？？",
    "谁家的车{plate}挡住我车库门了，赶紧挪一下！电话{phone}",
    "邻居们好，我是{room}的{hname}，家里猫跑丢了，橘色的，看到请联系我{phone}🙏",
    "有没有{room}的邻居？你家阳台滴水滴到我家衣服上了😤 我是楼下的{lxname}",
    "二手转让：{c_goods2}，{price_item}，{est}自提，{wx_l}",
    "求拼车：每天早上{time}从小区去{place_far}，有顺路的加我{wx_l}",
    "提醒大家：有个自称物业{tname}的人让交钱，电话{phone}，物业说没这个人，别上当！",
    "{lxname}，你家装修什么时候结束？天天电钻太吵了",
    "我是{fullname}，{room}业主，物业费多收的事情谁还遇到了？加我{qq_l}一起维权",
    "团购群满了，新群找{hname}拉，{wx_l}",
    "楼下{room}的又在楼道充电瓶车，{hname}说了几次都不听",
    "家里老人在{place}摔倒了，谢谢{room}的邻居{fullname}帮忙送医院，大家点个赞👍",
    "快递放错了：{room}的快递在我这，{phone}",
    "骗子！有人用{email_l}发假的缴费通知，大家千万别点链接",
    "谁捡到一张银行卡？卡号{card}，{hname}的，丢在{place}了",
    "物业把我的身份证号{id}贴在公告栏欠费名单上了，这合法吗？",
    "{tname}您好，{bld}电梯又坏了，麻烦尽快安排维修！",
    "各位邻居，{est}业主维权群已建好，想进群的加群主{hname}，{qq_l}，验证写房号",
    "@{lxname} 你的车{plate}灯没关",
    "{hname}家的狗又在电梯里尿了，{room}的，大家注意",
    "出租：{est}{room}，{n_shi}，拎包入住，{price_rent}，{phone}，{wx_l}",
    "有人认识{plate}的车主吗？把我车刮了就跑了，监控拍到了",
    "感谢{tname}，{bld}的漏水终于修好了👍",
    "刚才在群里问的那个保洁阿姨，是{hname}，人很好，电话{phone}",
    "收到一封邮件说是业委会的，发件人{email_l}，是真的吗？",
    "我家{room}，楼上那户每天半夜拖椅子，{lxname}你听得到吗😩",
    "求助：孩子数学补习，{est}有没有老师？加{qq_l}",
    "{fullname}是谁？在群里发广告，还留了{wx_l}",
    "我的电动车被偷了，{plate}，在{bld}车棚，有线索请联系{phone}",
    "@{hname} 您上次说的团购我想参加，{wx_l}已加您",
]
TEMPLATES["comment"]["clean"] = [
    "@物业管家 我家车牌换了新能源的，道闸不认，怎么重新登记？",
    "@业委会 公示里的手机号都打了码（{masked_phone}），这样挺好",
    "物业说交停车费要提供不动产权证，{cert}这种，我拍照发过去了",
    "付完款的单号是{longnum}，物业说没收到，有人遇到过吗？",
    "@楼道长 身份证复印件要交几份？",
    "外地牌照能办月卡吗？{price_month}一个月有点贵",
    "@物业管家 {bld}电梯又坏了！！{dur}坏了{n_ci}了，到底修不修？😡",
    "有没有人知道{c_q}？{c_q_tail}",
    "大家注意，今天{time}左右{bld}附近{c_warn}",
    "物业费的事情在业主大会上说清楚吧，上次公示的金额{amount}和{amount}对不上。",
    "我们{bld}的楼道长太负责了，{c_praise}👍",
    "{isodate}业主群投票结果：同意{n_hu}，反对{n_hu}，弃权{n_hu}。",
    "今天去{office}办事，{c_office}",
    "{est}的房租又涨了，{price_rent_num}一个月，周边都这个价吗？",
    "有人在{bld}楼道贴小广告，写着“开锁换锁”，已经撕了。",
    "提醒：12345热线打通了，{case}，等回复。",
    "物业在业主群里发了{c_item}的照片，{invoice}，金额{amount}，大家可以看看。",
    "APP升级到{version}之后缴费页面打不开了，有人一样吗？{dur}了还没修复",
    "{c_chat}",
    "老年人食堂今天的菜单：{c_menu}，{price_meal}一份，挺实惠。",
    "@业委会 公共收益{year}年的账什么时候公示？去年是{date}才贴出来的",
    "物业值班电话一直占线，{pubnum}，打了{n_ci}都没人接",
    "刚看了公示，{bld}屋面维修{amount}，每户分摊差不多{price_yuan}，大家觉得贵吗",
    "这个停车收费标准是按{docno}定的吗？{price_yuan_small}一小时也太贵了",
    "{bld}的网格员说{date}要来登记电动车，大家在家等一下",
    "小区西门的{parking}一直被占，物业说查不到车主😤",
    "楼道长在群里说了，{date}{time}停水，记得储水",
    "@物业管家 {bld}门口的井盖又响了，开车过去咣当咣当的",
    "物业公告说外卖电动车不能进小区，快递小哥只能在门口等，{dur}了都这样",
    "谁知道{office}几点下班？要去办养老金认证",
    "我们楼的电梯{model}，听说这个型号故障率很高",
    "今天{time}看到有人在{bld}楼下烧纸，太危险了，已告诉保安师傅",
    "物业说车库照明改造预算{amount}，{pct}由公共收益出，剩下的大家分摊",
    "新来的物业经理还不错，{dur}就把{bld}的楼道灯都换了",
]


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------
class Gen:
    def __init__(self, seed: int = SEED):
        self.r = random.Random(seed)
        self.decks: dict[str, Deck] = {}
        self.used: set[str] = set()  # membership only (never iterated): keeps invented values unique

    # -- helpers --------------------------------------------------------------------------
    def deck(self, key, items) -> Deck:
        d = self.decks.get(key)
        if d is None:
            d = self.decks[key] = Deck(self.r, items)
        return d

    def c(self, seq):
        return self.r.choice(seq)

    def ri(self, a, b):
        return self.r.randint(a, b)

    def digits(self, n):
        return "".join(self.c("0123456789") for _ in range(n))

    def fresh(self, make):
        for _ in range(1000):
            v = make()
            if v not in self.used:
                self.used.add(v)
                return v
        raise RuntimeError("could not make a fresh value")

    def rand_date(self, y0=2023, y1=2026):
        start = _dt.date(y0, 1, 1).toordinal()
        end = _dt.date(y1, 11, 30).toordinal()
        return _dt.date.fromordinal(self.ri(start, end))

    # -- rendering ------------------------------------------------------------------------
    def render(self, tpl: str, out: list):
        pos = 0
        for m in SLOT_RE.finditer(tpl):
            if m.start() > pos:
                out.append(Piece(tpl[pos:m.start()]))
            self.fill(m.group(1), out)
            pos = m.end()
        if pos < len(tpl):
            out.append(Piece(tpl[pos:]))

    def fill(self, name: str, out: list):
        if name == "wx_l":
            out.extend(self.pii_wx_l(out))
        elif name in PII_SLOTS:
            out.extend(getattr(self, "pii_" + name)())
        elif name.startswith("n_") and name not in POOLS:
            out.append(Piece(self.count(name[2:]), tag="count"))
        elif hasattr(self, "nm_" + name):
            text, tag = getattr(self, "nm_" + name)()
            out.append(Piece(text, tag=tag))
        elif name in POOLS:
            self.render(self.deck("pool:" + name, POOLS[name]).draw(), out)
        else:
            raise KeyError(name)

    # -- PII: phone -----------------------------------------------------------------------
    def mobile(self) -> str:
        return self.fresh(lambda: self.c(MOBILE_PREFIX) + self.digits(8))

    def pii_phone(self):
        form = self.deck("form:phone", PHONE_FORMS).draw()
        if form == "landline":
            return [Piece(self.landline(), "phone", form)]
        d = self.mobile()
        a, b, c = d[:3], d[3:7], d[7:]
        seps = {"space": " ", "double-space": "  ", "ideographic-space": "\u3000", "dash-ascii": "-",
                "dash-fullwidth": "－", "dash-em": "—", "dash-hyphen": "‐", "dash-en": "–", "dot": ".",
                "slash": "/"}
        if form == "plain":
            t = d
        elif form in seps:
            t = seps[form].join((a, b, c))
        elif form == "bracket":
            t = self.c([f"({a}){b}-{c}", f"({a}) {b} {c}", f"（{a}）{b}{c}", f"({a}){b}{c}", f"（{a}）{b}-{c}"])
        elif form == "plus86":
            t = self.c([f"+86 {a} {b} {c}", f"+86{d}", f"+86-{a}-{b}-{c}", f"(+86){d}", f"+86 {d}", f"＋86 {d}"])
        elif form == "0086":
            t = self.c([f"0086 {d}", f"0086-{a}-{b}-{c}", f"0086{d}", f"0086 {a} {b} {c}"])
        elif form == "fullwidth-digits":
            t = self.c([fw(d), fw(d), fw(f"{a} {b} {c}"), fw(a) + "－" + fw(b) + "－" + fw(c)])
        elif form == "zero-width":
            z = self.deck("zw", ZW).draw()
            style = self.ri(0, 2)
            if style == 0:
                t = z.join((a, b, c))
            elif style == 1:
                t = z.join(d)
            else:
                cuts = sorted(self.r.sample(range(1, 11), self.ri(1, 3)))
                t, last = "", 0
                for k in cuts:
                    t += d[last:k] + z
                    last = k
                t += d[last:]
        elif form == "split-line":
            t = self.c([f"{a}\n{b}{c}", f"{a} {b}\n{c}", f"{a}{b}\n{c}", f"{a}-{b}-\n{c}", f"{a}\n{b} {c}"])
        elif form == "chinese-numerals":
            zero = self.c(["〇", "零"])
            one = "幺" if self.r.random() < 0.15 else "一"
            m = {str(i): CN_DIG[i] for i in range(10)}
            m["0"], m["1"] = zero, one
            s = "".join(m[ch] for ch in d)
            t = s if self.r.random() < 0.7 else f"{s[:3]} {s[3:7]} {s[7:]}"
        elif form == "financial-numerals":
            s = "".join(FIN_DIG[int(ch)] for ch in d)
            t = s if self.r.random() < 0.8 else f"{s[:3]}-{s[3:7]}-{s[7:]}"
        else:
            raise ValueError(form)
        return [Piece(t, "phone", form)]

    def landline(self) -> str:
        ac = self.c(AREA_CODES)
        loc = self.fresh(lambda: self.c("2345678") + self.digits(7))
        p, q = loc[:4], loc[4:]
        return self.c([f"{ac}-{p} {q}", f"({ac}){loc}", f"{ac}-{loc}", f"（{ac}）{p}-{q}", f"{ac} {p} {q}",
                       f"{ac}{loc}", f"{ac}－{loc}", f"({ac}) {p}-{q}"])

    # -- PII: id card ---------------------------------------------------------------------
    def id_number(self, want_x: bool | None) -> str:
        def make():
            while True:
                area = self.c(ID_AREAS)
                start = _dt.date(1938, 1, 1).toordinal()
                end = _dt.date(2006, 12, 31).toordinal()
                bd = _dt.date.fromordinal(self.ri(start, end)).strftime("%Y%m%d")
                body = area + bd + self.digits(3)
                ck = id_check(body)
                if want_x is None or (ck == "X") == want_x:
                    return body + ck
        return self.fresh(make)

    def pii_id(self):
        form = self.deck("form:id_card", ID_FORMS).draw()
        if form in ("valid-X", "lower-x"):
            n = self.id_number(True)
            t = n if form == "valid-X" else n[:-1] + "x"
        elif form == "mistyped":
            n = self.id_number(False)
            pos = self.c([2, 3, 4, 5, 14, 15, 16])
            old = int(n[pos])
            new = (old + self.ri(1, 9)) % 10
            t = n[:pos] + str(new) + n[pos + 1:]
            assert id_check(t[:17]) != t[17]
        else:
            n = self.id_number(None if form != "valid" else False)
            if form == "valid":
                t = n
            elif form == "spaced":
                t = f"{n[:6]} {n[6:14]} {n[14:]}"
            elif form == "dashed":
                t = f"{n[:6]}-{n[6:14]}-{n[14:]}"
            else:
                t = fw(n)
        return [Piece(t, "id_card", form)]

    # -- PII: email -----------------------------------------------------------------------
    def local_part(self) -> str:
        k = self.ri(0, 4)
        if k == 0:
            return self.c(PINYIN) + self.c(PINYIN) + str(self.ri(60, 2005))
        if k == 1:
            return self.c(PINYIN) + self.c(["_", ".", ""]) + self.c(PINYIN) + self.digits(self.ri(2, 4))
        if k == 2:
            return self.c(EN_WORDS) + self.c(["_", "", "."]) + self.c(PINYIN) + self.digits(2)
        if k == 3:
            return self.c("abcdefghjklmnpqrstwxyz") + self.c("abcdefghjklmnpqrstwxyz") + self.c(PINYIN) + self.digits(self.ri(3, 6))
        return self.c(PINYIN) + self.c(PINYIN) + self.c(PINYIN)[:1] + self.digits(self.ri(1, 3))

    def qq_number(self, lo=5, hi=10) -> str:
        def make():
            n = self.ri(lo, hi)
            return self.c("123456789" if n < 11 else "23456789") + self.digits(n - 1)
        return self.fresh(make)

    def pii_email_l(self):
        form = self.deck("form:email", EMAIL_FORMS).draw()
        if form == "qq-mailbox":
            label = self.c(["qq邮箱：", "QQ邮箱：", "qq邮箱", "QQ邮箱 ", "qq邮箱:"])
            addr = self.qq_number(6, 10) + "@qq.com"
            return [Piece(label), Piece(addr, "email", form)]
        label = self.c(["邮箱：", "邮箱", "电子邮箱：", "Email：", "E-mail: ", "邮件地址：", "email:", "邮箱 "])
        if self.r.random() < 0.2:
            local = self.qq_number(6, 10)
            dom = "qq.com"
        else:
            local = self.fresh(self.local_part)
            dom = self.c(EMAIL_DOMAINS)
        if form == "normal":
            addr = f"{local}@{dom}"
        elif form == "fullwidth-at":
            addr = f"{local}＠{dom}"
        elif form == "fullwidth-dot":
            addr = f"{local}@{dom.replace('.', '．')}"
        elif form == "chinese-stop":
            addr = f"{local}@{dom.replace('.', '。')}"
        else:  # fullwidth-local
            addr = f"{fw(local)}@{dom}" if self.r.random() < 0.6 else fw(f"{local}@{dom}")
        return [Piece(label), Piece(addr, "email", form)]

    # -- PII: QQ, WeChat ------------------------------------------------------------------
    def pii_qq_l(self):
        form = self.deck("form:qq", QQ_FORMS).draw()
        labels = {"label-QQ": ["QQ", "QQ号", "QQ号码", "QQ"], "label-qq": ["qq", "qq号", "qq号码", "Qq"],
                  "label-koukou": ["扣扣", "扣扣号", "扣扣"], "label-Qhao": ["Q号", "Q号", "q号"],
                  "label-qie": ["企鹅号", "企鹅号", "企鹅"]}[form]
        label = self.c(labels)
        sep = self.c(["", "：", ":", " ", "："])
        return [Piece(label + sep), Piece(self.qq_number(5, 11 if self.r.random() < 0.1 else 10), "qq", form)]

    def wx_id(self) -> str:
        def make():
            k = self.ri(0, 3)
            if k == 0:
                s = self.c(PINYIN) + self.c(PINYIN) + self.c(["_", "", "-"]) + self.digits(self.ri(2, 4))
            elif k == 1:
                s = self.c(EN_WORDS) + self.c(["_", "", "-"]) + self.c(PINYIN) + self.digits(self.ri(1, 4))
            elif k == 2:
                s = "wxid_" + "".join(self.c("abcdefghijkmnpqrstuvwxyz0123456789") for _ in range(self.ri(8, 12)))
            else:
                s = self.c(["hz", "zj", "sh", "bj"]) + "_" + self.c(PINYIN) + self.c(PINYIN) + self.digits(self.ri(2, 3))
            if self.r.random() < 0.2 and not s.startswith("wxid_"):
                s = s[0].upper() + s[1:]
            return s[:20] if len(s) >= 6 else s + "88"
        return self.fresh(make)

    def pii_wx_l(self, out):
        form = self.deck("form:wechat", WX_FORMS).draw()
        labels = {"label-weixin": ["微信", "微信号", "微信号码", "微信"], "label-latin": ["weixin", "wechat", "WeChat", "Wechat"],
                  "label-vx": ["vx", "VX", "Vx", "vx号"], "label-wx": ["wx", "WX", "wx号", "Wx"],
                  "label-jiaV": ["加V", "加v", "加V", "+V"], "label-Vxin": ["V信", "v信", "威信", "薇信"]}[form]
        label = self.c(labels)
        if label[-1].isascii():
            sep = self.c(["：", ":", " ", ": "])
        else:
            sep = self.c(["", "：", ":", " "])
        if label[0] in "加+" and out and out[-1].cls is None and not out[-1].tag:
            for verb in ("加我", "加"):  # "有顺路的加我" + "加V：…" -> "有顺路的加V：…"
                if out[-1].text.endswith(verb):
                    out[-1].text = out[-1].text[:-len(verb)]
                    break
        return [Piece(label + sep), Piece(self.wx_id(), "wechat", form)]

    # -- PII: plate -----------------------------------------------------------------------
    def pii_plate(self):
        form = self.deck("form:plate", PLATE_FORMS).draw()

        def make():
            prov = "浙" if self.r.random() < 0.7 else self.c(PROVINCES)
            city = self.c("ABCDEFGHJKL") if prov == "浙" else self.c(PLATE_LETTERS[:10])
            if form == "new-energy":
                tail = self.c("DF") + (self.c(PLATE_LETTERS) if self.r.random() < 0.3 else self.c("0123456789")) + self.digits(4)
            else:
                chars = [self.c("0123456789") for _ in range(5)]
                for _ in range(self.c([0, 0, 1, 1, 2])):
                    chars[self.ri(0, 4)] = self.c(PLATE_LETTERS)
                tail = "".join(chars)
            return prov + city + tail
        p = self.fresh(make)
        prov, city, tail = p[0], p[1], p[2:]
        if form in ("plain", "new-energy"):
            t = p
        elif form == "dot":
            t = f"{prov}{city}·{tail}"
        elif form == "space":
            t = self.c([f"{prov}{city} {tail}", f"{prov} {city}{tail}", f"{prov} {city} {tail}"])
        elif form == "lowercase":
            t = prov + (city + tail).lower()
            if t == p:
                t = prov + city.lower() + tail
        else:
            t = prov + fw(city + tail)
        return [Piece(t, "plate", form)]

    # -- PII: bank card -------------------------------------------------------------------
    def pii_card(self):
        form = self.deck("form:bank_card", CARD_FORMS).draw()

        def make():
            b, n = self.c(CARD_BINS)
            body = b + self.digits(n - len(b) - 1)
            return body + luhn_digit(body)
        n = self.fresh(make)
        groups = [n[i:i + 4] for i in range(0, len(n), 4)]
        t = n if form == "plain" else (" " if form == "space4" else "-").join(groups)
        return [Piece(t, "bank_card", form)]

    # -- PII: room ------------------------------------------------------------------------
    def pii_room(self):
        form = self.deck("form:room", ROOM_FORMS).draw()
        b, u = self.ri(1, 36), self.ri(1, 4)
        floor = self.ri(1, 33 if form not in ("dash", "slash", "fullwidth-dash", "cn-numerals") else 18)
        room = floor * 100 + self.ri(1, 4)
        bm = self.c(["幢", "栋", "号楼"])
        if form == "full":
            t = f"{b}{bm}{u}单元{room}室"
        elif form == "bld-room":
            t = f"{b}{self.c(['幢', '栋'])}{room}"
        elif form == "haolou-room":
            t = f"{b}号楼{room}"
        elif form == "zuo-room":
            t = f"{self.c('ABCDEF')}座{room}"
        elif form == "dong-room-hao":
            t = f"{b}{self.c(['栋', '幢'])}{room}号"
        elif form == "with-floor":
            t = f"{b}{self.c(['幢', '栋'])}{u}单元{floor}楼{room}"
        elif form == "cn-unit":
            t = f"{b}{self.c(['栋', '幢'])}{cn_int(u)}单元{room}"
        elif form == "dash":
            t = f"{b}-{u}-{room}"
        elif form == "fullwidth-dash":
            t = f"{b}－{u}－{room}" if self.r.random() < 0.6 else fw(f"{b}-{u}-{room}")
        elif form == "slash":
            t = f"{b}/{u}/{room}"
        elif form == "cn-numerals":
            zero = self.c(["零", "〇"])
            digs = "".join(zero if ch == "0" else CN_DIG[int(ch)] for ch in str(room))
            t = f"{cn_int(b)}{self.c(['幢', '栋', '号楼'])}{cn_int(u)}单元{digs}室"
        else:  # room-fang
            t = self.c([f"{b}栋{room}房", f"{b}幢{u}单元{room}房", f"{b}号楼{room}房"])
        return [Piece(t, "room", form)]

    # -- PII: names -----------------------------------------------------------------------
    def surname(self):
        kind = self.deck("surname-kind", ["common", "common", "rare", "compound"]).draw()
        pool = {"common": SURNAMES_COMMON, "rare": SURNAMES_RARE, "compound": SURNAMES_COMPOUND}[kind]
        return self.c(pool), kind

    def pii_fullname(self):
        s, kind = self.surname()
        g = self.c(GIVEN)
        return [Piece(s + g, "name", f"label-fullname/{kind}")]

    def pii_hname(self):
        s, kind = self.surname()
        return [Piece(s + self.c(HONORIFICS), "name", f"honorific/{kind}")]

    def pii_tname(self):
        while True:
            s, kind = self.surname()
            t = s + self.c(TITLES)
            if t not in NAME_BLACKLIST:
                return [Piece(t, "name", f"title/{kind}")]

    def pii_lxname(self):
        s, kind = self.surname()
        return [Piece(self.c("老小") + s, "name", f"lao-xiao/{kind}")]

    # -- near misses ----------------------------------------------------------------------
    def count(self, unit: str) -> str:
        units = {"ci": "次", "zhan": "盏", "hu": "户", "liang": "辆", "tai": "台", "ge": "个", "ren": "人",
                 "chu": "处", "ming": "名", "jian": "间", "yue": "个月", "kuai": "块", "zhang": "张",
                 "jie": "届", "sui": "", "zhi": "只", "fen": "份", "jian2": "件"}
        u = units[unit]
        if unit == "sui":
            return str(self.ri(68, 91))
        if unit == "jie":
            return cn_int(self.ri(2, 6))
        if unit == "hu" and self.r.random() < 0.5:
            return f"{self.ri(12, 980)}{u}"
        if unit in ("jian2", "fen"):
            return f"{self.ri(30, 1600)}{u}"
        if unit in ("ren", "zhi"):
            return f"{self.ri(5, 60)}{u}"
        n = self.ri(2, 12)
        if self.r.random() < 0.4 and n <= 10:
            return ("两" if n == 2 else cn_int(n)) + u
        return f"{n}{u}"

    def nm_est(self):
        return self.cur_est, None

    def nm_bld(self):
        b = self.ri(1, 36)
        return self.c([f"{b}幢", f"{b}号楼", f"{b}栋", f"{b}幢{self.ri(1, 4)}单元", f"{b}栋{cn_int(self.ri(1, 3))}单元",
                       f"{b}号楼{self.ri(1, 4)}单元", f"{self.c('ABCDE')}座", f"{b}幢东单元"]), "building-no-room"

    def nm_date(self):
        d = self.rand_date()
        return self.c([f"{d.year}年{d.month}月{d.day}日", f"{d.month}月{d.day}日", f"{d.month}月{d.day}号",
                       f"{d.year}年{d.month}月{d.day}日", f"{d.year}.{d.month:02d}.{d.day:02d}",
                       f"{d.year}/{d.month}/{d.day}"]), "date"

    def nm_isodate(self):
        return self.rand_date().isoformat(), "iso-date"

    def nm_month(self):
        return self.c([f"{self.ri(1, 12)}月", f"{self.ri(2023, 2026)}年{self.ri(1, 12)}月"]), "date"

    def nm_year(self):
        return str(self.ri(2022, 2026)), "date"

    def nm_q(self):
        return self.c("一二三四"), None

    def nm_time(self):
        h = self.ri(6, 22)
        return self.c([f"{h}:{self.c(['00', '15', '30', '45'])}", f"晚上{self.ri(8, 11)}点", f"凌晨{self.ri(1, 4)}点多",
                       f"上午{self.ri(8, 11)}点半", f"下午{self.ri(1, 5)}点", f"{h}时{self.ri(0, 59):02d}分",
                       self.c(["中午12点半", "中午1点", "中午12点"])]), "time"

    def nm_hm(self):
        return f"{self.ri(7, 21):02d}:{self.ri(0, 59):02d}", "time"

    def nm_hours(self):
        return self.c(["8:30-17:00", "08:00—11:30、13:30—17:00", "上午9点至下午5点", "7:00-9:00、18:00-20:00",
                       "8:00至12:00，14:00至18:00"]), "time"

    def nm_dur(self):
        return self.c([f"{self.ri(3, 20)}天", "两个多月", f"{self.ri(2, 11)}个月", "一个多星期", "半年多",
                       f"{self.ri(2, 72)}小时", f"{self.ri(10, 50)}分钟", "三天", "一个月", "大半年",
                       f"{self.ri(2, 5)}周"]), "duration"

    def nm_dur_short(self):
        return self.c([f"{self.ri(10, 50)}分钟", "半个多小时", f"{self.ri(1, 5)}个小时", "一个多小时", "四十多分钟",
                       f"{self.ri(2, 9)}小时"]), "duration"

    def nm_tax(self):
        return f"{self.ri(5, 300)}.{self.ri(0, 99):02d}元", "amount"

    def nm_dur_in(self):
        return self.c([f"{self.ri(3, 15)}个工作日内", "一周内", f"{self.ri(7, 30)}日内", "一个月内", f"{self.ri(24, 72)}小时内"]), "duration"

    def nm_amount(self):
        x = self.ri(50, 250000)
        cents = self.c(["00", "00", "50", f"{self.ri(1, 99):02d}"])
        k = self.ri(0, 6)
        if k == 0:
            return f"{x:,}.{cents}元", "amount"
        if k == 1:
            return f"¥{x:,}.{cents}", "amount"
        if k == 2:
            return f"{x}元", "amount"
        if k == 3:
            return f"人民币{x:,}.{cents}元", "amount"
        if k == 4:
            return f"{x / 10000:.2f}万元", "amount"
        if k == 5:
            return f"人民币{fin_amount(self.ri(1, 99) * 100)}", "amount"
        return f"{x}.{cents}", "amount"

    def nm_fee(self):
        """A household-sized amount (fees, deposits, refunds)."""
        x = self.ri(30, 6000)
        return self.c([f"{x}元", f"{x}.00元", f"¥{x}.00", f"人民币{x}元", f"{x:,}.{self.ri(0, 99):02d}元",
                       f"人民币{fin_amount(self.ri(1, 60) * 100)}"]), "amount"

    def nm_price_park(self):
        return self.c([f"{self.ri(2, 8)}元/小时", f"首小时{self.ri(3, 8)}元", f"每小时{self.ri(2, 6)}元",
                       f"{self.ri(5, 15)}元/次", f"每天封顶{self.ri(20, 60)}元"]), "price"

    def nm_price_month(self):
        return self.c([f"{self.ri(150, 600)}元/月", f"每月{self.ri(150, 600)}元", f"{self.ri(15, 60) * 10}元"]), "price"

    def nm_price_fee(self):
        return self.c([f"每平方米每月{self.ri(1, 4)}.{self.ri(0, 9)}元", f"{self.ri(1, 3)}.{self.ri(10, 99)}元/平方米·月",
                       f"{self.ri(1, 4)}.{self.ri(0, 9)}元/㎡/月", f"每平米{self.ri(1, 3)}.{self.ri(0, 9)}元"]), "price"

    def nm_price_rent(self):
        return self.c([f"{self.ri(18, 80) * 100}元/月", f"每月{self.ri(18, 80) * 100}元", f"月租{self.ri(18, 80) * 100}"]), "price"

    def nm_price_rent_num(self):
        return self.c([f"{self.ri(18, 80) * 100}", f"{self.ri(18, 80) * 100}块"]), "price"

    def nm_price_meal(self):
        return self.c([f"{self.ri(8, 20)}元", f"{self.ri(8, 15)}块钱"]), "price"

    def nm_price_charge(self):
        return self.c([f"每度电{self.ri(5, 12) / 10:.1f}元", f"{self.ri(1, 2)}元/小时", f"充满{self.ri(2, 4)}元",
                       f"每次{self.ri(1, 3)}元"]), "price"

    def nm_price_tutor(self):
        return f"{self.ri(8, 30) * 10}元", "price"

    def nm_price_item(self):
        return self.c([f"{self.ri(2, 80) * 10}元", f"{self.ri(20, 900)}元", f"{self.ri(2, 30) * 50}元包邮"]), "price"

    def nm_price_yuan(self):
        return f"{self.ri(20, 3000)}.{self.ri(0, 99):02d}元", "price"

    def nm_price_yuan_small(self):
        return self.c([f"{self.ri(1, 9)}.{self.ri(0, 9)}元", f"{self.ri(2, 12)}元", f"0.{self.ri(10, 95)}元"]), "price"

    def nm_price_year(self):
        return self.c([f"{self.ri(8, 30) * 1000}元/年", f"每年{self.ri(8, 30) * 1000}元"]), "price"

    def nm_pct(self):
        return self.c([f"{self.ri(3, 98)}%", f"{self.ri(1, 30)}.{self.ri(1, 9)}%", f"百分之{cn_int(self.ri(10, 90))}",
                       f"{self.ri(5, 95)}％", f"{self.ri(60, 99)}.{self.ri(0, 9)}%"]), "percentage"

    def nm_depth(self):
        return self.c([f"{self.ri(10, 40)}多厘米", f"{self.ri(20, 60)}厘米", "半米多"]), "count"

    def nm_area(self):
        return f"{self.ri(12, 180)}.{self.ri(0, 9)}", "count"

    def case_number(self):
        d = self.rand_date()
        ymd = d.strftime("%Y%m%d")
        k = self.ri(0, 6)
        if k == 0:
            return "FZ" + d.strftime("%y%m%d")[:6] + self.digits(5)
        if k == 1:
            return ymd + self.digits(5)
        if k == 2:
            return f"HZ{d.year}-{d.month:02d}{d.day:02d}-{self.digits(4)}"
        if k == 3:
            return ymd + self.digits(6)
        if k == 4:
            return f"SQ{ymd}{self.digits(4)}"
        if k == 5:
            return f"GC-{d.year}-{self.digits(6)}"
        return "FZ" + self.c(["16", "17", "18", "19"]) + self.digits(9)

    def nm_case(self):
        n = self.case_number()
        lab = self.c(["工单号", "工单号：", "工单编号", "案件编号：", "诉求编号 ", "12345工单编号：", "事件编号：", "编号"])
        return lab + n, "case-number"

    def nm_case_bare(self):
        return self.case_number(), "case-number"

    def nm_invoice(self):
        d = self.rand_date()
        return self.c([f"发票号码{self.digits(8)}", f"发票号码 {self.digits(8)}",
                       f"发票代码0{self.digits(11)}，发票号码{self.digits(8)}", f"电子发票号码{d.strftime('%y')}33200000{self.digits(10)}",
                       f"收据编号NO.{self.digits(7)}", f"发票号：{self.digits(8)}"]), "invoice-number"

    def nm_receipt(self):
        return self.c([f"收据号{self.digits(7)}", f"收据编号NO.{self.digits(7)}", f"票据号码{self.digits(8)}"]), "invoice-number"

    def nm_slip(self):
        d = self.rand_date()
        return self.c([f"银行回单{d.strftime('%Y%m%d')}-{self.digits(4)}", f"回单编号：{d.strftime('%Y%m%d')}-{self.digits(6)}",
                       f"回单号{d.strftime('%Y%m%d')}{self.digits(6)}"]), "invoice-number"

    def nm_voucher(self):
        d = self.rand_date()
        return self.c([f"凭证号记-{self.digits(4)}", f"凭证号{d.year}-{d.month:02d}-{self.digits(4)}",
                       f"记账凭证第{self.ri(1, 400)}号", f"报销单号BX{d.strftime('%Y%m')}{self.digits(3)}"]), "invoice-number"

    def nm_cert(self):
        y = self.ri(2008, 2025)
        return self.c([f"浙({y})杭州市不动产权第{self.digits(7)}号", f"不动产权证号：浙（{y}）杭州市不动产权第{self.digits(7)}号",
                       f"杭房权证西更字第{self.digits(8)}号", f"浙（{y}）杭州市不动产权第{self.digits(7)}号"]), "property-cert"

    def nm_credit(self):
        area = self.c(["330100", "330102", "330105", "330106", "330108", "330110"])
        if self.r.random() < 0.2:
            body = "91" + area + self.digits(9)
        else:
            body = "91" + area + "MA" + "".join(self.c(USCC_CHARS) for _ in range(7))
        code = body + uscc_check(body)
        return self.c(["统一社会信用代码：", "统一社会信用代码", "信用代码 "]) + code, "credit-code"

    def nm_docno(self):
        y = self.ri(2018, 2025)
        return self.c([f"杭政办〔{y}〕{self.ri(1, 60)}号", f"西政发〔{y}〕{self.ri(1, 40)}号", f"浙建〔{y}〕{self.ri(1, 30)}号",
                       f"拱住建函〔{y}〕{self.ri(1, 120)}号", f"杭房局〔{y}〕{self.ri(1, 99)}号", f"国办发〔{y}〕{self.ri(1, 60)}号",
                       f"杭价费〔{y}〕{self.ri(1, 50)}号"]), "doc-number"

    def nm_contract(self):
        y = self.ri(2022, 2026)
        return self.c([f"合同编号HT-{y}-{self.digits(4)}", f"合同号WY{y}{self.digits(3)}", f"合同编号：{y}-WB-{self.digits(3)}"]), "contract-number"

    def nm_report(self):
        y = self.ri(2022, 2026)
        return self.c([f"报告编号XF{y}-{self.digits(4)}", f"报告编号：SZ{y}{self.digits(5)}", f"检测报告{y}-JC-{self.digits(4)}"]), "contract-number"

    def nm_longnum(self):
        emb = self.c(MOBILE_PREFIX) + self.digits(8)
        pre = self.digits(self.ri(6, 10))
        suf = self.digits(self.ri(3, 8))
        if pre[0] == "0":
            pre = "4" + pre[1:]
        return self.c(["微信支付交易单号", "交易流水号", "支付宝交易号", "订单号", "流水号："]) + pre + emb + suf, "long-number"

    def nm_pubnum(self):
        num = self.c(["0571-0000 1235", "0571-8500 1235", "0571-8697 2210", "0571-8612 0011", "(0571)87005123",
                      "0571-5688 7700", "400-826-1235", "0571-8815 6600"])
        lab = self.c(["物业值班电话", "物业公开值班电话", "物业服务中心公开电话", "物业24小时值班电话（已公示）",
                      "社区公开服务电话", "物业对外值班电话", "公告栏公示的物业值班电话", "物业服务热线（公开）"])
        return lab + self.c(["", "：", " "]) + num, "public-number"

    def nm_office(self):
        k = self.ri(0, 5)
        if k == 0:
            return f"人社局{self.ri(2, 9)}{self.ri(0, 2)}{self.ri(1, 9)}室", "office-room"
        if k == 1:
            return f"写字楼{self.ri(2, 20)}0{self.ri(1, 9)}房", "office-room"
        if k == 2:
            return f"社区服务中心{self.ri(1, 3)}0{self.ri(1, 9)}室", "office-room"
        if k == 3:
            return f"街道办事处{self.c('二三四')}楼{self.ri(2, 4)}{self.ri(0, 1)}{self.ri(1, 9)}室", "office-room"
        if k == 4:
            return f"区行政服务中心{self.c('ABC')}区{self.ri(1, 40)}号窗口", "office-room"
        return f"{self.c(PUBLIC_BODIES)}{self.ri(1, 5)}0{self.ri(1, 9)}室", "office-room"

    def nm_street(self):
        return f"{self.c(ROADS)}{self.ri(1, 400)}号", "street-address"

    def nm_parking(self):
        return self.c([f"B{self.ri(1, 2)}-{self.ri(1, 300):03d}号车位", f"{self.c('ABCD')}区{self.ri(1, 300)}号车位",
                       f"地面车位第{self.ri(1, 120)}号", f"机械车位{self.ri(1, 6)}-{self.ri(1, 3)}-{self.ri(1, 30)}",
                       f"{self.ri(1, 500)}号车位"]), "parking-space"

    def nm_model(self):
        return self.c(["型号DS-2CD3T46WD", "型号GeN2-MR", "型号KONE-3000S", "型号XQB80-36SP", "型号AC7KW-220",
                       "型号TKJ1000/1.75-JXW", "型号OH5000", f"型号ZLG-{self.ri(100, 400)}-{self.ri(2, 9)}"]), "version-model"

    def nm_version(self):
        return self.c([f"V{self.ri(1, 6)}.{self.ri(0, 12)}.{self.ri(0, 30)}", f"v{self.ri(2, 9)}.{self.ri(0, 20)}.{self.ri(0, 9)}",
                       f"{self.ri(1, 4)}.{self.ri(0, 9)}.{self.ri(0, 9)}版", f"固件版本{self.ri(1, 3)}.0.{self.ri(10, 99)}",
                       f"版本号{self.ri(1, 9)}.{self.ri(0, 9)}.{self.ri(100, 999)}"]), "version-model"

    def nm_standard(self):
        return self.c(["GB 50016-2014《建筑设计防火规范》", "GB/T 20647.9-2006", "GB 7588-2003《电梯制造与安装安全规范》",
                       "TSG T7001-2023", "JGJ 144-2019"]), "version-model"

    def nm_masked(self):
        return self.c([f"{self.c(MOBILE_PREFIX)}****{self.digits(4)}", f"{self.c(ID_AREAS)[:4]}**********{self.digits(4)}",
                       f"6222 **** **** {self.digits(4)}", f"尾号{self.digits(4)}", f"{self.c(MOBILE_PREFIX)}****{self.digits(4)}"]), "masked"

    def nm_masked_phone(self):
        return self.c([f"{self.c(MOBILE_PREFIX)}****{self.digits(4)}", f"尾号{self.digits(4)}",
                       f"{self.c(MOBILE_PREFIX)}xxxx{self.digits(4)}"]), "masked"

    def nm_org(self):
        return self.c(ORGS), "org-name"

    def nm_dept(self):
        return self.c(DEPTS), None

    def nm_bank(self):
        return self.c(BANKS), None

    def nm_vol_id(self):
        return f"V{self.ri(2023, 2026)}{self.digits(3)}", None

    # -- snippets -------------------------------------------------------------------------
    def snippet(self, genre: str, tpl: str):
        pieces: list[Piece] = []
        self.cur_est = self.c(ESTATES)
        self.render(tpl, pieces)
        text, spans, tags, pos = [], [], [], 0
        nm_ranges = []
        for p in pieces:
            if p.tag and p.tag not in tags:
                tags.append(p.tag)
            if p.cls:
                spans.append({"start": pos, "end": pos + len(p.text), "class": p.cls, "form": p.form})
            elif p.tag:
                nm_ranges.append((pos, pos + len(p.text), p.tag))
            text.append(p.text)
            pos += len(p.text)
        text = "".join(text)
        classes = {s["class"] for s in spans}
        for tag, words in KEYWORD_TAGS.items():
            if tag in tags or KEYWORD_SKIP_WITH.get(tag) in classes:
                continue
            for w in words:
                i = text.find(w)
                while i >= 0:
                    if not any(s["start"] < i + len(w) and i < s["end"] for s in spans):
                        tags.append(tag)
                        break
                    i = text.find(w, i + 1)
                if tag in tags:
                    break
        for m in re.finditer(r"@[\u4e00-\u9fff]", text):
            if "at-mention" not in tags and not any(s["start"] <= m.start() + 1 < s["end"] for s in spans):
                tags.append("at-mention")
        return {"genre": genre, "text": text, "spans": spans, "near_misses": tags, "_nm": nm_ranges}

    def unique(self, genre, template):
        """A snippet whose text is not already in the corpus (redrawn otherwise)."""
        for _ in range(50):
            it = self.snippet(genre, template())
            if it["text"] not in self.seen_texts:
                self.seen_texts.add(it["text"])
                return it
        raise RuntimeError("no fresh text for " + genre)

    def build(self):
        self.seen_texts: set[str] = set()
        # planted: the primary PII slot comes from a weighted deck, the genre from the genres that
        # have templates with that slot, the template from a deck over those templates.
        primary = Deck(self.r, [k for k, w in PRIMARY_WEIGHTS.items() for _ in range(w)])
        by_slot = {}
        for g in GENRES:
            for t in TEMPLATES[g]["planted"]:
                slots = set(SLOT_RE.findall(t))
                assert slots & set(PII_SLOTS), t
                for s in slots & set(PII_SLOTS):
                    by_slot.setdefault(s, {}).setdefault(g, []).append(t)
        items = []
        for _ in range(N_PLANTED):
            slot = primary.draw()
            genres = [g for g in GENRES if g in by_slot[slot]]
            g = self.deck("genre-for:" + slot, genres).draw()
            tpl = self.deck(f"tpl:{g}:{slot}", by_slot[slot][g]).draw()
            items.append(self.unique(g, lambda: tpl))
        # clean: as many per genre as planted, so the genre gives nothing away
        per_genre = Counter(it["genre"] for it in items)
        for g in GENRES:
            for t in TEMPLATES[g]["clean"]:
                assert not set(SLOT_RE.findall(t)) & set(PII_SLOTS), t
            for _ in range(per_genre[g] + (N_CLEAN - N_PLANTED) // len(GENRES)):
                items.append(self.unique(g, lambda: self.deck("tpl-clean:" + g, TEMPLATES[g]["clean"]).draw()))
        self.r.shuffle(items)
        for i, it in enumerate(items, 1):
            it["id"] = f"c{i:04d}"
        return items


def to_jsonl(items) -> str:
    lines = []
    for it in items:
        obj = {"id": it["id"], "genre": it["genre"], "text": it["text"], "spans": it["spans"],
               "near_misses": it["near_misses"]}
        s = json.dumps(obj, ensure_ascii=False)
        for ch in ESCAPE_IN_JSON:  # invisible characters only ever occur inside JSON strings
            s = s.replace(ch, "\\u%04x" % ord(ch))
        lines.append(s)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------------------------
CN2D = {c: str(i) for i, c in enumerate(CN_DIG)} | {c: str(i) for i, c in enumerate(FIN_DIG)} | {"零": "0", "幺": "1"}
ALL_SURNAMES = sorted(set(SURNAMES_COMMON) | set(SURNAMES_RARE) | set(SURNAMES_COMPOUND), key=len, reverse=True)
_SN = "|".join(ALL_SURNAMES)
LEAK_PATTERNS = [
    ("mobile", re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?1[3-9]\d[ \-./\u3000—–‐－]*\d{4}[ \-./\u3000—–‐－]*\d{4}(?![0-9])")),
    ("email", re.compile(r"[A-Za-z0-9._-]+\s*[@＠]\s*[A-Za-z0-9-]+\s*[.．。]\s*[A-Za-z]{2,}")),
    ("plate", re.compile(r"[" + PROVINCES + r"]\s*[A-Za-z]\s*[·.]?\s*[A-Za-z0-9]{5,6}(?![A-Za-z0-9])")),
    ("room", re.compile(r"(?<![0-9A-Za-z-])\d+\s*(?:幢|栋|号楼|座)\s*(?:\d+\s*单元)?\s*(?:\d+楼)?\s*\d{3,4}(?!\d)")),
    ("room-dash", re.compile(r"(?<![0-9A-Za-z-])\d{1,2}[-/－]\d[-/－]\d{3,4}(?![0-9-])")),
    ("name-hon", re.compile(r"(?:" + _SN + r")(?:" + "|".join(HONORIFICS + TITLES) + r")")),
    ("name-laoxiao", re.compile(r"[老小](?:" + _SN + r")")),
    ("qq-wx-label", re.compile(r"(?:QQ|qq|扣扣|Q号|企鹅|微信号?|vx|VX|wx|WX|加[Vv]|V信|威信)\s*[:：]?\s*[A-Za-z0-9_-]{5,}")),
]
# words that legitimately contain a surname right after 老/小 or before a title (near misses)
LEAK_ALLOW = ["养老金", "小高层", "小程序", "老年", "小时", "小孩", "小卖部", "小区", "小广告", "小朋友", "小狗",
              "小型", "小伙子", "小哥", "老人", "老旧", "老化", "老龄", "老房子", "小作坊", "老师傅"]


def norm_digits(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return "".join(CN2D.get(ch, ch) for ch in s if ch not in ZW)


def valid_span(cls: str, t: str, form: str) -> str | None:
    """None when the span text is a well-formed datum of its class, else the reason."""
    if not t or t != t.strip() or t[0] in ZW or t[-1] in ZW:
        return "empty or padded"
    n = norm_digits(t)
    if cls == "phone":
        d = re.sub(r"[^\d+]", "", n)
        if d.startswith("+86"):
            d = d[3:]
        elif d.startswith("0086"):
            d = d[4:]
        if form == "landline":
            return None if re.fullmatch(r"0\d{2,3}[2-8]\d{7}", d) else "bad landline"
        return None if re.fullmatch(r"1[3-9]\d{9}", d) else "bad mobile"
    if cls == "id_card":
        d = re.sub(r"[\s-]", "", n).upper()
        if not re.fullmatch(r"[1-6]\d{5}(19|20)\d{6}\d{3}[\dX]", d):
            return "bad id shape"
        try:
            _dt.date(int(d[6:10]), int(d[10:12]), int(d[12:14]))
        except ValueError:
            return "bad birth date"
        ok = id_check(d[:17]) == d[17]
        return None if ok == (form != "mistyped") else "checksum does not match form"
    if cls == "email":
        e = n.replace("。", ".")
        return None if re.fullmatch(r"[A-Za-z0-9._-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", e) else "bad email"
    if cls == "qq":
        return None if re.fullmatch(r"[1-9]\d{4,10}", t) else "bad qq"
    if cls == "wechat":
        return None if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{5,19}", t) else "bad wechat"
    if cls == "plate":
        p = re.sub(r"[\s·]", "", n).upper()
        return None if re.fullmatch(r"[" + PROVINCES + r"][A-Z][A-Z0-9]{5,6}", p) else "bad plate"
    if cls == "bank_card":
        d = re.sub(r"[\s-]", "", t)
        return None if re.fullmatch(r"\d{16,19}", d) and luhn_ok(d) else "bad card"
    if cls == "room":
        return None if re.search(r"\d", n) and re.search(r"幢|栋|号楼|座|单元|[-/]", n) else "bad room"
    if cls == "name":
        return None if re.fullmatch(r"[\u4e00-\u9fff]{2,5}", t) else "bad name"
    return "unknown class"


def self_check(items) -> dict:
    """Raise AssertionError on any problem; return the counts."""
    problems = []
    assert len(items) >= 1500, len(items)
    planted = [it for it in items if it["spans"]]
    assert 0.45 <= len(planted) / len(items) <= 0.55, len(planted)
    ids = [it["id"] for it in items]
    assert len(set(ids)) == len(ids)
    by_class, by_form, tags_clean, tags_all = Counter(), Counter(), Counter(), Counter()
    for it in items:
        assert it["genre"] in GENRES
        text = it["text"]
        last_end = -1
        for s in it["spans"]:
            if not (0 <= s["start"] < s["end"] <= len(text)):
                problems.append((it["id"], "span out of range", s))
                continue
            if s["start"] < last_end:
                problems.append((it["id"], "overlap", s))
            last_end = s["end"]
            if s["class"] not in CLASSES:
                problems.append((it["id"], "class", s))
            t = text[s["start"]:s["end"]]
            why = valid_span(s["class"], t, s.get("form", "").split("/")[0])
            if why:
                problems.append((it["id"], why, t))
            # spans are delimited: no digit (or, for e-mail, WeChat ids and plates, no Latin letter)
            # runs on across a span boundary
            if s["class"] != "name":
                before = text[s["start"] - 1] if s["start"] else ""
                after = text[s["end"]] if s["end"] < len(text) else ""
                for ch in (before, after):
                    c = unicodedata.normalize("NFKC", ch) if ch else ""
                    if c.isascii() and (c.isdigit() or (c.isalpha() and s["class"] in ("email", "wechat", "plate"))):
                        problems.append((it["id"], "span runs on", t))
            by_class[s["class"]] += 1
            by_form[(s["class"], s.get("form", ""))] += 1
        for tg in it["near_misses"]:
            tags_all[tg] += 1
            if not it["spans"]:
                tags_clean[tg] += 1
        # nothing personal-looking outside the spans (near-miss material and allowed words masked)
        masked = list(text)
        for s in it["spans"]:
            for i in range(s["start"], s["end"]):
                masked[i] = "\x00"
        if "_nm" not in it:  # a loaded file: near-miss pieces are not marked, the leak check needs them
            continue
        for a, b, _ in it["_nm"]:
            for i in range(a, b):
                masked[i] = "\x00"
        rest = "".join(masked)
        for w in LEAK_ALLOW:
            rest = rest.replace(w, "\x00" * len(w))
        rest = unicodedata.normalize("NFKC", "".join(ch for ch in rest if ch not in ZW))
        for kind, rx in LEAK_PATTERNS:
            m = rx.search(rest)
            if m:
                problems.append((it["id"], "unlabelled " + kind, m.group(0)))
    for cls in CLASSES:
        if by_class[cls] < 40:
            problems.append(("-", "too few spans", cls, by_class[cls]))
    for cls, forms in FORMS.items():
        for f in forms:
            if by_form[(cls, f)] < 20:
                problems.append(("-", "too few of form", cls, f, by_form[(cls, f)]))
    name_pat, name_kind = Counter(), Counter()
    for (cls, f), n in by_form.items():
        if cls == "name":
            p, k = f.split("/")
            name_pat[p] += n
            name_kind[k] += n
    for p in NAME_PATTERNS:
        if name_pat[p] < 20:
            problems.append(("-", "too few names of pattern", p, name_pat[p]))
    for k in SURNAME_KINDS:
        if name_kind[k] < 20:
            problems.append(("-", "too few names of surname kind", k, name_kind[k]))
    for tg, n in tags_all.items():
        if tags_clean[tg] < 20:
            problems.append(("-", "too few clean snippets with near-miss tag", tg, tags_clean[tg]))
    if problems:
        raise AssertionError("\n".join(map(str, problems[:80])) + f"\n({len(problems)} problems)")
    return {"items": len(items), "planted": len(planted), "clean": len(items) - len(planted),
            "by_class": by_class, "by_form": by_form, "name_pattern": name_pat, "name_surname": name_kind,
            "tags_clean": tags_clean, "tags_all": tags_all,
            "genres": Counter(it["genre"] for it in items),
            "genres_planted": Counter(it["genre"] for it in planted)}


def load(path: Path):
    items = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line:
            items.append(json.loads(line))
    return items


def stats_markdown(st) -> str:
    out = [f"Snippets: {st['items']} ({st['planted']} with planted data, {st['clean']} clean); "
           f"spans: {sum(st['by_class'].values())}.", "",
           "| genre | snippets | with spans |", "| --- | ---: | ---: |"]
    for g in GENRES:
        out.append(f"| {g} | {st['genres'][g]} | {st['genres_planted'][g]} |")
    out += ["", "| class | spans | forms |", "| --- | ---: | --- |"]
    for cls in CLASSES:
        if cls == "name":
            forms = ", ".join(f"{p} {st['name_pattern'][p]}" for p in NAME_PATTERNS) + "; surnames: " + \
                ", ".join(f"{k} {st['name_surname'][k]}" for k in SURNAME_KINDS)
        else:
            forms = ", ".join(f"{f} {st['by_form'][(cls, f)]}" for f in FORMS[cls])
        out.append(f"| {cls} | {st['by_class'][cls]} | {forms} |")
    out += ["", "| near-miss tag | clean snippets | all snippets |", "| --- | ---: | ---: |"]
    for tg, n in sorted(st["tags_clean"].items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| {tg} | {n} | {st['tags_all'][tg]} |")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="self-check the file at --out instead of writing it")
    ap.add_argument("--stats", action="store_true", help="print counts (markdown) after writing or checking")
    a = ap.parse_args(argv)
    if a.check:
        st = self_check(load(a.out))
    else:
        items = Gen().build()
        st = self_check(items)
        a.out.write_text(to_jsonl(items), encoding="utf-8", newline="\n")
    if a.stats:
        print(stats_markdown(st))
    else:
        print(f"{a.out}: {st['items']} snippets, {st['planted']} with spans, "
              f"{sum(st['by_class'].values())} spans: ok")


if __name__ == "__main__":
    main()
