"""The 47 prefectures in JIS order (codes 01-47) and the eight regions (地方) they belong to.

Prefectures are stored by name ("新潟県"), as the company profile stores them; the list itself is
members.prefectures.
"""

from members.prefectures import PREFECTURE_CHOICES, PREFECTURES

__all__ = ["JIS_ORDER", "PREFECTURES", "PREFECTURE_CHOICES", "REGIONS", "REGION_OF", "same_region"]

REGIONS: list[tuple[str, list[str]]] = [
    ("北海道", ["北海道"]),
    ("東北", ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"]),
    ("関東", ["茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県"]),
    ("中部", ["新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県"]),
    ("近畿", ["三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"]),
    ("中国", ["鳥取県", "島根県", "岡山県", "広島県", "山口県"]),
    ("四国", ["徳島県", "香川県", "愛媛県", "高知県"]),
    ("九州・沖縄", ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]),
]

JIS_ORDER = {name: index for index, name in enumerate(PREFECTURES, start=1)}
REGION_OF = {name: region for region, names in REGIONS for name in names}


def same_region(a: str, b: str) -> bool:
    return bool(a and b and REGION_OF.get(a) and REGION_OF.get(a) == REGION_OF.get(b))
