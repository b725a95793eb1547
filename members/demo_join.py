"""Demo operating terms, acceptances and membership applications. Idempotent.

Every demo account has accepted the demo's 運営規約 ver. 1.0 except `hokuto-suzuki`, who is sent to the
acceptance page at first login to show the flow (README). デモ銀行 has one application waiting for its
decision and one it refused.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .models import FinancialInstitution, MembershipApplication, ServiceDocument, TermsAcceptance, User
from .services import document_post

TOKYO = ZoneInfo("Asia/Tokyo")
TERMS = ServiceDocument.Kind.OPERATING_TERMS
TERMS_VERSION = "1.0"
SHOWS_THE_ACCEPTANCE_FLOW = "hokuto-suzuki"

TERMS_BODY = """第1条（目的）本規約は、契約金融機関が提供する Big Advance（以下「本サービス」）の利用条件を定めます。
第2条（利用者）本サービスは、契約金融機関の取引先で、その金融機関が利用を承認した企業とその役職員が利用できます。ユーザーIDは一人一IDとし、共有してはなりません。
第3条（禁止事項）法令・公序良俗に反する行為、虚偽の情報の登録、他の利用者への迷惑行為、反社会的勢力との関係を持つことを禁じます。
第4条（情報の取扱い）本サービスに登録された情報は、本サービスの提供と改善のために利用します。
第5条（問い合わせ）本サービスに関するお問い合わせは、お取引の金融機関が受け付けます。
第6条（規約の変更）本規約を変更するときは、本サービス上に掲示します。掲示した時から適用され、利用者は次回の利用時に同意するものとします。"""

APPLICATIONS = [
    {"company_name": "株式会社ひまわり製作所", "representative": "松本 優子", "prefecture": "新潟県", "city": "三条市",
     "street": "東新保1-2-3", "industry": "26", "employees": 27, "contact_name": "松本 優子",
     "email": "matsumoto@himawari-mfg.example.jp", "branch_name": "三条支店",
     "status": MembershipApplication.Status.VERIFIED},
    {"company_name": "合同会社テスト商事", "representative": "田中 一郎", "prefecture": "東京都", "city": "千代田区",
     "street": "丸の内9-9-9", "industry": "50", "employees": 2, "contact_name": "田中 一郎",
     "email": "tanaka@test-shoji.example.jp", "branch_name": "東京支店",
     "status": MembershipApplication.Status.REFUSED,
     "refusal_reason": "当行に法人口座のお取引が確認できませんでした。口座開設後に、あらためてお申し込みください。"},
]


def _terms() -> ServiceDocument:
    return (ServiceDocument.objects.filter(kind=TERMS, version=TERMS_VERSION).first()
            or document_post(kind=TERMS, version=TERMS_VERSION, body=TERMS_BODY, change_summary="初版",
                             posted_at=datetime(2019, 6, 11, 9, 0, tzinfo=TOKYO), notify=False))


def _demo_login_ids() -> set[str]:
    """The demo's own accounts (members/demo.py, members/matching/demo_data.py): never anyone else's."""
    from . import demo
    from .matching import demo_data

    ids = {login_id for login_id, *_rest in demo.STAFF} | {demo_data.THIRD_INSTITUTION["admin"][0]}
    for spec in demo.INSTITUTIONS:
        ids.add(spec["admin"][0])
        ids.update(login_id for company in spec["companies"] for login_id, *_rest in company[-1])
    ids.update(spec["user"][0] for spec in demo_data.COMPANIES if spec.get("user"))
    return ids - {SHOWS_THE_ACCEPTANCE_FLOW}


@transaction.atomic
def seed() -> None:
    terms = _terms()
    accepted = set(TermsAcceptance.objects.unscoped("demo seed").filter(document=terms)
                   .values_list("user_id", flat=True))
    people = (User.objects.unscoped("demo seed").filter(username__in=_demo_login_ids())
              .exclude(pk__in=accepted))
    TermsAcceptance.objects.bulk_create([TermsAcceptance(user=user, document=terms, accepted_at=timezone.now())
                                         for user in people])
    bank = FinancialInstitution.objects.filter(code="0901").first()
    if bank is None:
        return
    admin = User.objects.unscoped("demo seed").filter(username="demo-bank-admin").first()
    for spec in APPLICATIONS:
        if MembershipApplication.objects.unscoped("demo seed").filter(email=spec["email"]).exists():
            continue
        decided = spec["status"] == MembershipApplication.Status.REFUSED
        MembershipApplication.objects.create(
            institution=bank, terms_document=terms, account_confirmed=True, verified_at=timezone.now(),
            decided_at=timezone.now() if decided else None, decided_by=admin if decided else None, **spec)
