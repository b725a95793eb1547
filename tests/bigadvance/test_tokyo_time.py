"""Times are Asia/Tokyo wherever a person reads them; a naive datetime always means Tokyo time."""

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from bigadvance.tokyo import format_tokyo, parse_tokyo
from ops.calendar import TOKYO, to_tokyo
from ops.models import HealthCheckResult, MaintenanceWindow
from ops.services import maintenance as maintenance_services
from tests.factories import FIAdminFactory
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

pytestmark = pytest.mark.django_db

# 13:00 UTC is 22:00 in Tokyo, the usual start of a maintenance night.
STARTS_UTC = datetime(2027, 2, 10, 13, 0, tzinfo=UTC)
ENDS_UTC = datetime(2027, 2, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def window():
    return MaintenanceWindowFactory(starts_at=STARTS_UTC, ends_at=ENDS_UTC, message="DB更新")


def test_a_window_prints_its_start_in_tokyo_time(window):
    window.refresh_from_db()
    assert str(window) == "臨時メンテナンス 2027-02-10 22:00"
    result = HealthCheckResult.objects.create(check_name="database", ok=False, checked_at=STARTS_UTC)
    assert str(result) == "database NG 2027-02-10 22:00"


def test_the_audit_trail_names_and_shows_the_window_in_tokyo_time(window):
    entry = LogEntry.objects.get_for_object(window).get(action=LogEntry.Action.CREATE)
    assert "2027-02-10 22:00" in entry.object_repr and "13:00" not in entry.object_repr
    _, starts = entry.changes_display_dict[MaintenanceWindow._meta.get_field("starts_at").verbose_name]
    assert "22:00" in starts and "13:00" not in starts


def test_the_admin_shows_the_window_in_tokyo_time(client, operator, window):
    client.force_login(operator)
    for url in ("/admin/ops/maintenancewindow/", f"/admin/ops/maintenancewindow/{window.pk}/change/"):
        page = client.get(url).content.decode()
        assert "22:00" in page and "13:00" not in page


def test_an_email_about_a_window_gives_tokyo_time(window, bank, mailoutbox, django_capture_on_commit_callbacks):
    FIAdminFactory(institution=bank)
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.maintenance_notice_send(window_id=window.pk, notice="announced")
    assert "2027-02-10 22:00 〜 2027-02-11 00:00" in mailoutbox[0].body


def test_an_email_about_an_incident_gives_tokyo_time(system_lead, mailoutbox, django_capture_on_commit_callbacks):
    from ops.services.incidents import incident_notice_send

    incident = IncidentFactory(detected_at=STARTS_UTC, owner=system_lead)
    with django_capture_on_commit_callbacks(execute=True):
        incident_notice_send(incident_id=incident.pk, notice="detected")
    assert "2027-02-10 22:00" in mailoutbox[0].body


@pytest.mark.req("OPS-4")
def test_a_naive_time_typed_in_a_command_is_the_same_moment_in_tokyo(time_machine, bank,
                                                                     django_capture_on_commit_callbacks):
    time_machine.move_to(datetime(2027, 1, 20, 10, 0, tzinfo=TOKYO), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("maintenance", "schedule", "--kind", "adhoc", "--start", "2027-02-10 22:00",
                     "--end", "2027-02-11 00:00", "--message", "DB更新")
    assert MaintenanceWindow.objects.get().starts_at == STARTS_UTC


def test_one_helper_reads_naive_times_as_tokyo_and_prints_every_time_in_tokyo():
    naive = datetime(2027, 2, 10, 22, 0)
    assert to_tokyo(naive) == STARTS_UTC == parse_tokyo("2027-02-10 22:00")
    assert to_tokyo(STARTS_UTC).hour == 22 and to_tokyo(STARTS_UTC).tzinfo == TOKYO
    assert format_tokyo(STARTS_UTC) == format_tokyo(naive) == "2027-02-10 22:00"
    assert format_tokyo(None) == ""
    with pytest.raises(ValueError):
        parse_tokyo("2027/02/10 22:00")


def test_the_incident_command_lists_tokyo_time(system_lead, capsys):
    IncidentFactory(title="夜間の障害", detected_at=STARTS_UTC)
    call_command("incident", "list")
    assert "2027-02-10 22:00" in capsys.readouterr().out
