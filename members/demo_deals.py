"""Demo 商談 in every state, between the demo companies of both banks. Idempotent: a deal is keyed by its
requesting company and the need's title, and is made once, through the same services people use."""

from datetime import datetime, timedelta
from datetime import time as clock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from members.deals import room, services
from members.matching import needs as need_services
from members.models import Deal, Need, Role, User
from ops.calendar import TOKYO, add_business_days

# Needs the demo deals refer to: (poster's login ID, kind, title, body, industry).
NEEDS = [
    ("demo-bank-member", "buy", "精密部品の輸送・保管パートナーを探しています",
     "医療機器向けのステンレス精密部品を、温湿度を管理した倉庫で保管し、東北・関東の取引先へ小口で配送できる会社を"
     "探しています。月200パレット程度を想定しています。", "44"),
    ("demo-bank-member", "consult", "生産管理システムの刷新を相談したい",
     "紙とExcelで行っている工程管理を、クラウドの生産管理システムに移したいと考えています。"
     "金型の保守履歴も一緒に管理できると理想です。", "39"),
    ("midori-takahashi", "partner", "地元食材を使った土産物を共同開発しませんか",
     "信州の野菜を使った漬物・惣菜の技術を生かし、観光地向けの新しい土産物を一緒に開発できる事業者を募集します。", "09"),
    ("midori-takahashi", "buy", "惣菜工場の生産管理をデジタル化したい",
     "惣菜工場の製造記録とHACCPの帳票をタブレットで入力できる仕組みを探しています。", "39"),
    ("sakura-ito", "partner", "空き家を活用する協業先を探しています",
     "長岡市周辺の空き家を改修し、宿泊施設やシェアオフィスとして運営できるパートナーを探しています。", "75"),
    ("demo-shinkin-member", "sell", "冷凍倉庫の空きスペースをお貸しします",
     "仙台市内の冷凍倉庫（-25℃）に約300パレット分の空きがあります。短期・長期どちらもご相談ください。", "44"),
    ("demo-shinkin-member", "sell", "東北向け冷凍食品の共同配送に荷主を募集",
     "宮城・岩手・福島のスーパー向けに冷凍食品の共同配送便を運行しています。積み合わせの荷主を募集します。", "44"),
    ("shiokaze-kobayashi", "consult", "旅館の耐震改修とバリアフリー化を相談したい",
     "築40年の旅館の耐震改修と、車いすで利用できる客室・浴場への改装を検討しています。", "06"),
    ("morinomiyako-kato", "partner", "IoTセンサーを組み込む試作パートナーを探しています",
     "工場設備の振動を測るIoTセンサーの筐体を、金属加工で試作・少量生産できる会社を探しています。", "24"),
]

# (requester's login ID, need title, final state, requester's message).
DEALS = [
    ("morinomiyako-kato", "冷凍倉庫の空きスペースをお貸しします", "requested",
     "倉庫管理システムの導入事例づくりにご協力いただけないでしょうか。"),
    ("demo-shinkin-member", "精密部品の輸送・保管パートナーを探しています", "requester_bank_approved",
     "温湿度管理つきの倉庫と東北一円の小口配送でお役に立てると思います。"),
    ("morinomiyako-kato", "生産管理システムの刷新を相談したい", "banks_approved",
     "製造業向けのクラウド生産管理の導入実績が20社以上あります。一度お話しさせてください。"),
    ("demo-bank-member", "冷凍倉庫の空きスペースをお貸しします", "accepted",
     "医療機器部品の保管先として、冷凍ではなく定温区画もあればご相談したいです。"),
    ("sakura-ito", "旅館の耐震改修とバリアフリー化を相談したい", "met",
     "木造建築の耐震改修とバリアフリー改装の実績があります。現地を拝見できればお見積りします。"),
    ("midori-takahashi", "東北向け冷凍食品の共同配送に荷主を募集", "won",
     "冷凍惣菜を宮城県内のスーパーへ週3回出荷したいと考えています。"),
    ("demo-bank-member", "IoTセンサーを組み込む試作パートナーを探しています", "lost",
     "ステンレスのプレス加工で筐体を試作できます。図面をいただければ概算をお出しします。"),
    ("shiokaze-kobayashi", "地元食材を使った土産物を共同開発しませんか", "continuing",
     "海産物と信州野菜を組み合わせた土産物を、旅館の売店で販売してみたいです。"),
    ("demo-shinkin-member", "空き家を活用する協業先を探しています", "declined",
     "改修後の家具・備品の搬入と保管をお手伝いできます。"),
    ("shiokaze-kobayashi", "精密部品の輸送・保管パートナーを探しています", "refused",
     "旅館の送迎車両を使った配送をご提案したいです。"),
    ("midori-takahashi", "空き家を活用する協業先を探しています", "withdrawn",
     "空き家を惣菜のセントラルキッチンとして使えないか相談したいです。"),
    ("sakura-ito", "惣菜工場の生産管理をデジタル化したい", "expired",
     "工場の改修と合わせて、設備配置のご提案ができます。"),
]

DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _user(login_id: str) -> User:
    return User.objects.unscoped("demo seed").select_related("company", "institution").get(username__iexact=login_id)


def _admin_of(institution_id: int) -> User:
    return (User.objects.unscoped("demo seed").select_related("institution")
            .filter(role=Role.FI_ADMIN, institution_id=institution_id).order_by("pk").first())


def _need(login_id: str, kind: str, title: str, body: str, industry: str) -> Need:
    author = _user(login_id)
    existing = Need.objects.unscoped("demo seed").filter(company=author.company, title=title).first()
    return existing or need_services.need_create(actor=author, values={
        "kind": kind, "title": title, "body": body, "industry": industry, "is_nationwide": True})


def _approve_all(deal: Deal) -> Deal:
    deal = services.deal_approve_by_bank(deal=deal, actor=_admin_of(deal.requester_institution_id),
                                         note="取引状況を確認済み（デモ）")
    if deal.status == Deal.Status.REQUESTER_BANK_APPROVED:
        deal = services.deal_approve_by_bank(deal=deal, actor=_admin_of(deal.receiver_institution_id), note="")
    return deal


def _receiver_user(deal: Deal) -> User:
    return (User.objects.unscoped("demo seed").select_related("company")
            .filter(company_id=deal.receiver_company_id, role=Role.MEMBER).order_by("pk").first())


def _advance(deal: Deal, state: str, requester: User) -> None:
    if state == "requested":
        return
    admin = _admin_of(deal.requester_institution_id)
    if state == "refused":
        services.deal_refuse_by_bank(deal=deal, actor=admin, reason="現在、先方との取引条件を確認しているため、今回は見送ります。",
                                     note="与信の見直し中（デモ）")
        return
    if state == "withdrawn":
        services.deal_withdraw(deal=deal, actor=requester, reason="社内で計画を見直すことになりました。")
        return
    if state == "expired":
        _expire(deal)
        return
    if state == "requester_bank_approved":
        services.deal_approve_by_bank(deal=deal, actor=admin, note="")
        return
    deal = _approve_all(deal)
    receiver = _receiver_user(deal)
    if state == "banks_approved":
        return
    if state == "declined":
        services.deal_decline(deal=deal, actor=receiver, reason="今期は新規の協業を受け付けていないため、お断りします。")
        return
    deal = services.deal_accept(deal=deal, actor=receiver)
    room.deal_message_post(deal=deal, actor=receiver, body="お申込みありがとうございます。\n来週のご都合はいかがでしょうか。")
    room.deal_message_post(deal=deal, actor=requester, body="ありがとうございます。会社案内をお送りします。",
                           upload=SimpleUploadedFile("会社案内.pdf", DEMO_PDF, content_type="application/pdf"))
    if state == "accepted":
        return
    deal = services.deal_mark_met(deal=deal, actor=requester)
    if state == "met":
        return
    outcome = {"won": Deal.Outcome.WON, "lost": Deal.Outcome.LOST, "continuing": Deal.Outcome.CONTINUING}[state]
    services.deal_record_outcome(deal=deal, actor=receiver, outcome=outcome,
                                 note={"won": "年間契約を締結しました。", "lost": "価格面で折り合いませんでした。",
                                       "continuing": "試作品を作って来月もう一度打ち合わせます。"}[state])


def _expire(deal: Deal) -> None:
    """Let the beat job's own rules expire it: waiting long enough, reminded long enough ago."""
    now = timezone.now()
    Deal.objects.unscoped("demo seed").filter(pk=deal.pk).update(waiting_since=now - timedelta(days=40))
    services.deals_remind_and_expire(now=now, batch_size=50)
    Deal.objects.unscoped("demo seed").filter(pk=deal.pk).update(reminded_at=now - timedelta(days=20))
    services.deals_remind_and_expire(now=now, batch_size=50)


@transaction.atomic
def seed() -> None:
    needs = {title: _need(login_id, kind, title, body, industry) for login_id, kind, title, body, industry in NEEDS}
    today = timezone.localdate()
    dates = [datetime.combine(add_business_days(today, days), clock(14), tzinfo=TOKYO) for days in (5, 7)]
    for login_id, title, state, message in DEALS:
        requester = _user(login_id)
        need = needs[title]
        if Deal.objects.unscoped("demo seed").filter(requester_company=requester.company, need=need).exists():
            continue
        deal = services.deal_request(need=need, actor=requester, message=message,
                                     preferred_dates=dates)
        _advance(deal, state, requester)
