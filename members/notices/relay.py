"""The prefilled text of a notice a bank relays to its members (OPS-4): a maintenance window or a critical failure.

The console shows these texts in the form the admin may edit before publishing; the relay services use them
as they are when no text is given. Always Japanese: a notice is stored as written.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from members.models import FinancialInstitution
from members.models.notices import NOTICE_BODY_MAX, NOTICE_TITLE_MAX
from members.templatetags.deals import jdatetime
from ops.models import Incident, MaintenanceWindow


def _scope(window: MaintenanceWindow) -> str:
    if window.features:
        return _("一部の機能（%(scope)s）が利用できません。その他の機能は通常どおり利用できます。") % {"scope": window.scope_text}
    return _("ポータルを含むすべての画面が利用できません。")


def maintenance_text(window: MaintenanceWindow, institution: FinancialInstitution) -> tuple[str, str]:
    with translation.override("ja"):
        period = f"{jdatetime(window.starts_at)} 〜 {jdatetime(window.ends_at)}"
        title = _("【メンテナンスのお知らせ】%(period)s") % {"period": period}
        lines = [
            _("Big Advance のメンテナンスのため、次の日時はサービスの一部またはすべてを利用できません。"),
            _("ご不便をおかけしますが、ご理解のほどお願い申し上げます。"),
            "",
            _("日時: %(period)s（日本時間）") % {"period": period},
            _("影響: %(scope)s") % {"scope": _scope(window)},
        ]
        if window.message.strip():
            lines += ["", window.message.strip()]
        lines += ["", institution.name]
    return title[:NOTICE_TITLE_MAX], "\n".join(lines)[:NOTICE_BODY_MAX]


def incident_text(incident: Incident, institution: FinancialInstitution) -> tuple[str, str]:
    with translation.override("ja"):
        recovered = incident.status in (Incident.Status.RECOVERY_CONFIRMED, Incident.Status.CLOSED)
        title = (_("【障害復旧のお知らせ】%(title)s") if recovered else _("【障害のお知らせ】%(title)s")) % {
            "title": incident.title}
        lines = [
            _("Big Advance で発生していた障害は復旧しました。") if recovered
            else _("Big Advance で障害が発生しています。復旧まで今しばらくお待ちください。"),
            "",
            _("発生日時: %(when)s（日本時間）") % {"when": jdatetime(incident.detected_at)},
            _("状況: %(status)s") % {"status": incident.get_status_display()},
        ]
        if incident.public_message.strip():
            lines += ["", incident.public_message.strip()]
        lines += ["", _("ご不便をおかけし、申し訳ございません。"), institution.name]
    return title[:NOTICE_TITLE_MAX], "\n".join(lines)[:NOTICE_BODY_MAX]
