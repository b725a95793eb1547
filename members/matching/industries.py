"""The fixed industry list: 日本標準産業分類 (JSIC, rev. 14) major groups (大分類) with their divisions (中分類).

A company or a need stores the two-digit division code; its major group follows from the code. Pairs of
major groups that commonly trade with each other feed the recommendations ("業種の組み合わせ").
"""

from django.utils.translation import gettext_lazy as _

MAJOR_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("A", _("農業，林業"), [("01", _("農業")), ("02", _("林業"))]),
    ("B", _("漁業"), [("03", _("漁業（水産養殖業を除く）")), ("04", _("水産養殖業"))]),
    ("C", _("鉱業，採石業，砂利採取業"), [("05", _("鉱業，採石業，砂利採取業"))]),
    ("D", _("建設業"), [("06", _("総合工事業")), ("07", _("職別工事業（設備工事業を除く）")), ("08", _("設備工事業"))]),
    ("E", _("製造業"), [
        ("09", _("食料品製造業")), ("10", _("飲料・たばこ・飼料製造業")), ("11", _("繊維工業")),
        ("12", _("木材・木製品製造業（家具を除く）")), ("13", _("家具・装備品製造業")),
        ("14", _("パルプ・紙・紙加工品製造業")), ("15", _("印刷・同関連業")), ("16", _("化学工業")),
        ("17", _("石油製品・石炭製品製造業")), ("18", _("プラスチック製品製造業")), ("19", _("ゴム製品製造業")),
        ("20", _("なめし革・同製品・毛皮製造業")), ("21", _("窯業・土石製品製造業")), ("22", _("鉄鋼業")),
        ("23", _("非鉄金属製造業")), ("24", _("金属製品製造業")), ("25", _("はん用機械器具製造業")),
        ("26", _("生産用機械器具製造業")), ("27", _("業務用機械器具製造業")),
        ("28", _("電子部品・デバイス・電子回路製造業")), ("29", _("電気機械器具製造業")),
        ("30", _("情報通信機械器具製造業")), ("31", _("輸送用機械器具製造業")), ("32", _("その他の製造業")),
    ]),
    ("F", _("電気・ガス・熱供給・水道業"), [("33", _("電気業")), ("34", _("ガス業")), ("35", _("熱供給業")),
                                            ("36", _("水道業"))]),
    ("G", _("情報通信業"), [("37", _("通信業")), ("38", _("放送業")), ("39", _("情報サービス業")),
                            ("40", _("インターネット附随サービス業")), ("41", _("映像・音声・文字情報制作業"))]),
    ("H", _("運輸業，郵便業"), [
        ("42", _("鉄道業")), ("43", _("道路旅客運送業")), ("44", _("道路貨物運送業")), ("45", _("水運業")),
        ("46", _("航空運輸業")), ("47", _("倉庫業")), ("48", _("運輸に附帯するサービス業")), ("49", _("郵便業")),
    ]),
    ("I", _("卸売業，小売業"), [
        ("50", _("各種商品卸売業")), ("51", _("繊維・衣服等卸売業")), ("52", _("飲食料品卸売業")),
        ("53", _("建築材料，鉱物・金属材料等卸売業")), ("54", _("機械器具卸売業")), ("55", _("その他の卸売業")),
        ("56", _("各種商品小売業")), ("57", _("織物・衣服・身の回り品小売業")), ("58", _("飲食料品小売業")),
        ("59", _("機械器具小売業")), ("60", _("その他の小売業")), ("61", _("無店舗小売業")),
    ]),
    ("J", _("金融業，保険業"), [
        ("62", _("銀行業")), ("63", _("協同組織金融業")), ("64", _("貸金業，クレジットカード業等")),
        ("65", _("金融商品取引業，商品先物取引業")), ("66", _("補助的金融業等")), ("67", _("保険業")),
    ]),
    ("K", _("不動産業，物品賃貸業"), [("68", _("不動産取引業")), ("69", _("不動産賃貸業・管理業")),
                                      ("70", _("物品賃貸業"))]),
    ("L", _("学術研究，専門・技術サービス業"), [
        ("71", _("学術・開発研究機関")), ("72", _("専門サービス業")), ("73", _("広告業")), ("74", _("技術サービス業")),
    ]),
    ("M", _("宿泊業，飲食サービス業"), [("75", _("宿泊業")), ("76", _("飲食店")),
                                        ("77", _("持ち帰り・配達飲食サービス業"))]),
    ("N", _("生活関連サービス業，娯楽業"), [("78", _("洗濯・理容・美容・浴場業")),
                                            ("79", _("その他の生活関連サービス業")), ("80", _("娯楽業"))]),
    ("O", _("教育，学習支援業"), [("81", _("学校教育")), ("82", _("その他の教育，学習支援業"))]),
    ("P", _("医療，福祉"), [("83", _("医療業")), ("84", _("保健衛生")), ("85", _("社会保険・社会福祉・介護事業"))]),
    ("Q", _("複合サービス事業"), [("86", _("郵便局")), ("87", _("協同組合"))]),
    ("R", _("サービス業（他に分類されないもの）"), [
        ("88", _("廃棄物処理業")), ("89", _("自動車整備業")), ("90", _("機械等修理業")),
        ("91", _("職業紹介・労働者派遣業")), ("92", _("その他の事業サービス業")), ("93", _("政治・経済・文化団体")),
        ("94", _("宗教")), ("95", _("その他のサービス業")),
    ]),
    ("S", _("公務"), [("97", _("国家公務")), ("98", _("地方公務"))]),
    ("T", _("分類不能の産業"), [("99", _("分類不能の産業"))]),
]

# Grouped choices: a <select> shows the major groups as option groups.
CHOICES = [(label, divisions) for _code, label, divisions in MAJOR_GROUPS]
MAJOR_CHOICES = [(code, label) for code, label, _divisions in MAJOR_GROUPS]
MAJOR_OF = {division: code for code, _label, divisions in MAJOR_GROUPS for division, _name in divisions}
MAJOR_LABEL = dict(MAJOR_CHOICES)
DIVISION_LABEL = {division: name for _code, _label, divisions in MAJOR_GROUPS for division, name in divisions}
DIVISIONS_OF = {code: [division for division, _name in divisions] for code, _label, divisions in MAJOR_GROUPS}

# Major groups that commonly buy from or sell to each other (symmetric): primary producers and food makers,
# makers and carriers or traders, builders and real estate, hotels and local producers, IT and its users.
COMPLEMENTARY = {frozenset(pair) for pair in [
    ("A", "E"), ("B", "E"), ("A", "I"), ("B", "I"), ("A", "M"), ("B", "M"),
    ("E", "H"), ("E", "I"), ("E", "L"), ("E", "G"), ("E", "D"),
    ("D", "K"), ("D", "I"), ("I", "H"), ("I", "G"), ("M", "N"), ("M", "H"), ("M", "G"),
    ("P", "E"), ("P", "G"), ("O", "G"), ("R", "E"), ("K", "M"),
]}


def major_of(division: str) -> str:
    return MAJOR_OF.get(division, "")


def label_of(code: str) -> str:
    """The name of a division ("24") or of a major group ("E"); the code itself when unknown."""
    return str(DIVISION_LABEL.get(code) or MAJOR_LABEL.get(code) or code)


def are_complementary(a: str, b: str) -> bool:
    major_a, major_b = major_of(a) or a, major_of(b) or b
    return major_a != major_b and frozenset((major_a, major_b)) in COMPLEMENTARY
