"""Demo consultations with the banks, notices from the operator and the banks, and one member on the daily digest.
Idempotent: a consultation is keyed by its company and subject, a notice by its sender and title, and each is
made once, through the same services people use."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from members.consultations import services as consultation_services
from members.matching.text import tidy
from members.models import Consultation, Delivery, FinancialInstitution, Notice, NotificationKind, Role, User
from members.notices import services as notice_services
from members.notify import notification_preferences_save

# (member's login ID, category, subject, [(side, text), ...], closed?). "m" the member writes, "b" the bank.
CONSULTATIONS = [
    ("demo-bank-member", "financing", "設備更新に伴う運転資金の借入について", [
        ("m", "来年春にプレス機2台を更新する予定です。設備資金とは別に、立ち上げ期間の運転資金として3,000万円ほどの"
              "借入を検討しています。金利や返済期間の目安を教えていただけますか。"),
        ("b", "ご相談ありがとうございます。設備更新の計画書と直近3期分の決算書をご用意いただければ、具体的な条件を"
              "ご提案できます。来週、担当の田中がご訪問してもよろしいでしょうか。"),
        ("m", "ありがとうございます。来週水曜の午後であれば社長も同席できます。"),
    ], False),
    ("demo-bank-member", "subsidy", "ものづくり補助金の申請について", [
        ("m", "プレス機の更新に、ものづくり補助金が使えるか知りたいです。申請の支援はお願いできますか。"),
    ], False),
    ("midori-takahashi", "sales", "首都圏の新しい販路を紹介してほしい", [
        ("m", "信州野菜の漬物を首都圏の百貨店やECで販売したいと考えています。取引先のご紹介は可能でしょうか。"),
        ("b", "首都圏の食品バイヤーとの商談会を来月開催します。ご案内をお送りしますので、ぜひご参加ください。"),
    ], False),
    ("sakura-ito", "succession", "事業承継の進め方を相談したい", [
        ("m", "5年以内に長男へ事業を引き継ぎたいと考えています。株式の移し方や相続税について相談できますか。"),
        ("b", "事業承継の専門チームと提携税理士がご相談に乗ります。まずは現状の株主構成を確認させてください。"),
        ("m", "資料を準備しました。面談で詳しく伺えて、進め方が分かりました。ありがとうございました。"),
    ], True),
    ("demo-shinkin-member", "it_dx", "倉庫管理システムの導入費用について", [
        ("m", "冷凍倉庫の在庫管理をクラウドに移したいと考えています。IT導入補助金と融資を組み合わせられますか。"),
        ("b", "IT導入補助金の対象になる可能性があります。ベンダーの見積書をお送りいただけますか。"),
    ], False),
    ("shiokaze-kobayashi", "other", "インバウンド向けの多言語対応について", [
        ("m", "海外のお客様向けに予約サイトを多言語化したいのですが、相談先を教えていただけますか。"),
    ], False),
]

# (sender: None = the operator, else the bank's code; title; body; days ago; pinned)
NOTICES = [
    (None, "年末年始の Big Advance の稼働について",
     "年末年始もポータルは通常どおりご利用いただけます。金融機関の窓口の営業日は、お取引の金融機関のお知らせを"
     "ご確認ください。", 3, True),
    (None, "商談機能に「面談済み」の記録を追加しました",
     "商談ルームで面談後に「面談済み」を記録できるようになりました。結果の登録もお忘れなくお願いします。", 10, False),
    ("0901", "首都圏食品バイヤー商談会のご案内",
     "デモ銀行では、首都圏の百貨店・スーパーのバイヤーとの商談会を開催します。参加をご希望の方は「相談」から"
     "分類「販路開拓」でお申し込みください。", 1, True),
    ("0901", "事業承継セミナー（オンライン）のご案内",
     "事業承継の進め方と税制のポイントを、提携税理士が解説します。参加費は無料です。", 6, False),
    ("1901", "冬季の窓口営業時間について",
     "サンプル信用金庫では、12月の土曜日も一部店舗で相談窓口を開設します。詳しくは各店舗にお問い合わせください。",
     2, False),
]

DIGEST_MEMBER = "hokuto-suzuki"  # shows the daily digest: one email at 10:00 on business days


def _user(login_id: str) -> User:
    return User.objects.unscoped("demo seed").get(username=login_id)


def _bank_admin(institution_id: int) -> User:
    return (User.objects.unscoped("demo seed").filter(institution_id=institution_id, role=Role.FI_ADMIN)
            .order_by("pk").first())


@transaction.atomic
def _consultation(login_id: str, category: str, subject: str, thread: list, closed: bool) -> None:
    member = _user(login_id)
    if Consultation.objects.unscoped("demo seed").filter(company=member.company, subject=tidy(subject)).exists():
        return
    admin = _bank_admin(member.institution_id)
    consultation = consultation_services.consultation_open(actor=member, category=category, subject=subject,
                                                           body=thread[0][1])
    for side, text in thread[1:]:
        consultation_services.consultation_reply(consultation=consultation, actor=member if side == "m" else admin,
                                                 body=text)
    if closed:
        consultation_services.consultation_close(consultation=consultation, actor=member)


@transaction.atomic
def _notice(sender_code: str | None, title: str, body: str, days_ago: int, pinned: bool) -> None:
    institution = (FinancialInstitution.objects.get(code=sender_code) if sender_code else None)
    if Notice.objects.unscoped("demo seed").filter(institution=institution, title=tidy(title)).exists():
        return
    actor = (_bank_admin(institution.pk) if institution
             else User.objects.staff().filter(role=Role.OPERATOR).order_by("pk").first())
    notice = notice_services.notice_publish(actor=actor, title=title, body=body, is_pinned=pinned)
    # Dated in the past as a running service would have them; already announced, so the seed sends no email.
    Notice.objects.unscoped("demo seed").filter(pk=notice.pk).update(
        publish_at=timezone.now() - timedelta(days=days_ago), emailed_at=timezone.now())


def seed() -> None:
    for notice in NOTICES:
        _notice(*notice)
    for consultation in CONSULTATIONS:
        _consultation(*consultation)
    notification_preferences_save(user=_user(DIGEST_MEMBER),
                                  choices=dict.fromkeys(NotificationKind.values, Delivery.DIGEST))
