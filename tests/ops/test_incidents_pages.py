"""The status page and banners (what an FI sees), the operations pages and the `incident` command."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ops.models import Incident, IncidentEntry
from ops.services import incidents as services
from tests.ops.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents(bank, other_bank, system_lead):
    ours = IncidentFactory(title="当行のみの障害", severity="critical", affects_all_institutions=False, released=True)
    ours.affected_institutions.set([bank])
    theirs = IncidentFactory(title="他行のみの障害", severity="critical", affects_all_institutions=False,
                             released=True)
    theirs.affected_institutions.set([other_bank])
    everyone = IncidentFactory(title="全行の障害", severity="critical", released=True)
    IncidentFactory(title="内部のインシデント", severity="incident", released=True)
    IncidentEntry.objects.create(incident=ours, text="公開の経過報告", visibility="institutions", created_at=ours.detected_at)
    IncidentEntry.objects.create(incident=ours, text="社内メモ：DBサーバー名", visibility="internal",
                                 created_at=ours.detected_at)
    return {"ours": ours, "theirs": theirs, "everyone": everyone}


@pytest.mark.req("INC-2")
@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("who", ["fi_admin", "member"])
def test_fi_users_see_only_their_fis_critical_failures_and_public_entries(client, request, incidents, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("status")).content.decode()
    assert "当行のみの障害" in page and "全行の障害" in page and "公開の経過報告" in page
    assert "他行のみの障害" not in page and "社内メモ" not in page and "内部のインシデント" not in page


def test_status_page_needs_a_login(client):
    response = client.get(reverse("status"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.req("INC-2")
def test_banners_show_open_critical_failures_of_the_users_fi_only(client, member, other_fi_admin, incidents):
    client.force_login(member)
    page = client.get(reverse("portal:home")).content.decode()
    assert "重要障害が発生しています: 当行のみの障害" in page and "他行のみの障害" not in page
    client.force_login(other_fi_admin)
    page = client.get(reverse("console:home")).content.decode()
    assert "他行のみの障害" in page and "当行のみの障害" not in page


def test_banners_disappear_after_recovery_confirmation(client, member, incidents):
    Incident.objects.update(status=Incident.Status.RECOVERY_CONFIRMED)
    client.force_login(member)
    assert "重要障害が発生しています" not in client.get(reverse("portal:home")).content.decode()


@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("name", ["incident_list", "incident_create", "health"])
def test_operations_pages_refuse_fi_admins(client, fi_admin, name):
    client.force_login(fi_admin)
    assert client.get(reverse(f"operations:{name}")).status_code == 403


@pytest.mark.req("INC-3")
def test_operator_opens_and_works_the_lead_releases_and_confirms_through_the_pages(client, operator, system_lead,
                                                                                   bank):
    client.force_login(operator)
    response = client.post(reverse("operations:incident_create"),
                           {"title": "API応答遅延", "severity": "incident", "institutions": [bank.pk]})
    incident = Incident.objects.get(title="API応答遅延")
    assert response.status_code == 302 and list(incident.affected_institutions.all()) == [bank]
    release_url = reverse("operations:incident_release", args=[incident.pk])
    page = client.get(reverse("operations:incident_detail", args=[incident.pk])).content.decode()
    assert "未公開: システム統括が公開するまで" in page and release_url not in page
    client.post(reverse("operations:incident_advance", args=[incident.pk]), {"status": "confirmed", "note": "把握"})
    refused = client.post(release_url, follow=True)
    assert "システム統括のみ" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.status == "confirmed" and not incident.is_released

    client.force_login(system_lead)
    page = client.get(reverse("operations:incident_detail", args=[incident.pk])).content.decode()
    assert "把握" in page and "「調査・復旧」へ進める" in page and "金融機関へ公開する" in page
    client.post(release_url)
    incident.refresh_from_db()
    assert incident.released_by == system_lead
    page = client.get(reverse("operations:incident_detail", args=[incident.pk])).content.decode()
    assert "が金融機関へ公開しました" in page and release_url not in page
    assert client.get(reverse("operations:incident_list")).status_code == 200
    assert client.get(reverse("operations:health")).status_code == 200


@pytest.mark.req("INC-1")
@pytest.mark.req("INC-3")
def test_incident_command_walks_an_incident_through_its_life(bank, other_bank, operator, system_lead, capsys):
    call_command("incident", "open", "--title", "バッチ遅延", "--severity", "incident",
                 "--institutions", f"{bank.code},{other_bank.code}", "--message", "処理が遅れています")
    incident = Incident.objects.get(title="バッチ遅延")
    assert set(incident.affected_institutions.all()) == {bank, other_bank} and not incident.is_released
    call_command("incident", "update", str(incident.pk), "--status", "confirmed", "--by", operator.username)
    call_command("incident", "update", str(incident.pk), "--status", "recovering", "--note", "作業中", "--public")
    assert incident.entries.get(text="作業中").visibility == IncidentEntry.Visibility.HELD
    call_command("incident", "raise", str(incident.pk), "--by", system_lead.username)
    call_command("incident", "release", str(incident.pk), "--by", system_lead.username)
    assert incident.entries.get(text="作業中").visibility == IncidentEntry.Visibility.INSTITUTIONS
    call_command("incident", "update", str(incident.pk), "--status", "recovery_confirmed", "--public",
                 "--by", system_lead.username)
    call_command("incident", "close", str(incident.pk), "--note", "完了", "--by", system_lead.username)
    incident.refresh_from_db()
    assert incident.severity == "critical" and incident.status == "closed" and incident.released_by == system_lead
    call_command("incident", "list")
    assert "バッチ遅延" in capsys.readouterr().out


def test_incident_command_refuses_in_japanese(bank, operator, system_lead):
    with pytest.raises(CommandError, match="金融機関コードが見つかりません: 9999"):
        call_command("incident", "open", "--title", "x", "--severity", "critical", "--institutions", "9999")
    incident = services.incident_open(title="x", severity="incident", actor=None)
    with pytest.raises(CommandError, match="順に進めてください"):
        call_command("incident", "update", str(incident.pk), "--status", "recovering")
    with pytest.raises(CommandError, match="システム統括のみ"):
        call_command("incident", "release", str(incident.pk), "--by", operator.username)
    with pytest.raises(CommandError, match="ログインIDを指定してください: nobody"):
        call_command("incident", "release", str(incident.pk), "--by", "nobody")
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("incident", "close", "999999", "--note", "x", "--by", system_lead.username)
    incident.refresh_from_db()
    assert not incident.is_released


def test_status_page_lists_upcoming_maintenance(client, fi_admin):
    from datetime import timedelta

    from django.utils import timezone

    from tests.ops.factories import MaintenanceWindowFactory

    MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=3), message="ストレージ交換のため停止します")
    client.force_login(fi_admin)
    page = client.get(reverse("status")).content.decode()
    assert "ストレージ交換のため停止します" in page and "現在、重要障害は発生していません。" in page


@pytest.mark.req("INC-3")
def test_demo_incident_walks_all_four_steps_and_is_idempotent(system_lead):
    from ops.demo.incidents import seed

    seed()
    seed()
    incident = Incident.objects.get()
    assert incident.severity == "critical" and incident.status == "closed" and incident.owner == system_lead
    steps = [step for step in incident.entries.values_list("status", flat=True) if step]
    assert steps == ["detected", "confirmed", "recovering", "recovery_confirmed", "closed"]
