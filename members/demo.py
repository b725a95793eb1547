"""Demo institutions, companies and people. Idempotent: running it again changes nothing."""

from django.db import transaction

from . import demo_documents
from .models import FinancialInstitution, MemberCompany, Role, User
from .services import company_create, institution_create, user_create

DEMO_PASSWORD = "BigAdvance-demo-2026"

INSTITUTIONS = [
    {
        "code": "0901", "name": "デモ銀行", "kind": FinancialInstitution.Kind.BANK,
        "contacts": [("システム部 運用担当", "ops-contact@demo-bank.example.jp"),
                     ("営業企画部 Big Advance 事務局", "ba-office@demo-bank.example.jp")],
        "admin": ("demo-bank-admin", "admin@demo-bank.example.jp", "山田 花子"),
        "companies": [
            ("株式会社北斗精機", "ホクトセイキ", "24", "新潟県", "燕市", "佐藤 健一", 48, 1968,
             "ステンレスの精密プレス加工と金型設計。医療機器部品の量産に強み。",
             [("demo-bank-member", "sato.kenichi@hokuto-seiki.example.jp", "佐藤 健一"),
              ("hokuto-suzuki", "suzuki.mai@hokuto-seiki.example.jp", "鈴木 麻衣")]),
            ("みどり食品工業株式会社", "ミドリショクヒンコウギョウ", "09", "長野県", "松本市", "高橋 誠",
             120, 1952, "信州の野菜を使った漬物と惣菜の製造販売。首都圏スーパー向けOEMも受託。",
             [("midori-takahashi", "takahashi@midori-foods.example.jp", "高橋 誠")]),
            ("有限会社さくら建設", "サクラケンセツ", "06", "新潟県", "長岡市", "伊藤 大輔", 15, 1991,
             "木造住宅のリフォームと耐震改修。地域の空き家活用にも取り組む。",
             [("sakura-ito", "ito@sakura-kensetsu.example.jp", "伊藤 大輔")]),
        ],
    },
    {
        "code": "1901", "name": "サンプル信用金庫", "kind": FinancialInstitution.Kind.SHINKIN,
        "contacts": [("業務推進部 システム担当", "system@sample-shinkin.example.jp")],
        "admin": ("demo-shinkin-admin", "admin@sample-shinkin.example.jp", "中村 浩二"),
        "companies": [
            ("株式会社あおば物流", "アオバブツリュウ", "44", "宮城県", "仙台市", "渡辺 直樹", 85, 1979,
             "東北一円の共同配送と冷凍倉庫。EC事業者向けの小口配送を拡大中。",
             [("demo-shinkin-member", "watanabe@aoba-logi.example.jp", "渡辺 直樹")]),
            ("合同会社しおかぜ観光", "シオカゼカンコウ", "75", "宮城県", "石巻市", "小林 由美", 22, 2012,
             "海辺の旅館と体験型ツアーを運営。インバウンド向けの多言語対応を強化。",
             [("shiokaze-kobayashi", "kobayashi@shiokaze.example.jp", "小林 由美")]),
            ("株式会社杜の都ソフト", "モリノミヤコソフト", "39", "宮城県", "仙台市", "加藤 翔", 34, 2005,
             "中小企業向けの業務システム受託開発とクラウド移行支援。",
             [("morinomiyako-kato", "kato@morisoft.example.jp", "加藤 翔")]),
        ],
    },
]

STAFF = [
    ("support", "support@bigadvance.example.jp", "木村 さやか", Role.SUPPORT),
    ("syslead", "syslead@bigadvance.example.jp", "林 隆", Role.SYSTEM_LEAD),
    ("operator", "operator@bigadvance.example.jp", "清水 亮", Role.OPERATOR),
]


def _ensure_user(username: str, email: str, full_name: str, role: str, **tenant) -> User:
    existing = User.objects.unscoped("demo seed").filter(username__iexact=username).first()
    if existing:
        return existing
    return user_create(username=username, email=email, full_name=full_name, role=role, password=DEMO_PASSWORD,
                       **tenant)


@transaction.atomic
def seed() -> None:
    for spec in INSTITUTIONS:
        institution = (FinancialInstitution.objects.filter(code=spec["code"]).first()
                       or institution_create(code=spec["code"], name=spec["name"], kind=spec["kind"],
                                             contacts=spec["contacts"]))
        login_id, email, full_name = spec["admin"]
        _ensure_user(login_id, email, full_name, Role.FI_ADMIN, institution=institution)
        for (name, kana, industry, pref, city, rep, employees, founded, description, people) in spec["companies"]:
            company = (MemberCompany.objects.unscoped("demo seed").filter(institution=institution, name=name).first()
                       or company_create(institution=institution, name=name, industry=industry, prefecture=pref,
                                         name_kana=kana, city=city, representative=rep, employees=employees,
                                         founded_year=founded, description=description, is_published=True))
            for login_id, email, full_name in people:
                _ensure_user(login_id, email, full_name, Role.MEMBER, institution=institution, company=company)
    demo_documents.seed()
    for login_id, email, full_name, role in STAFF:
        user = _ensure_user(login_id, email, full_name, role)
        if role == Role.OPERATOR and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
