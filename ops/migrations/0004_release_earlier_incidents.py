"""Incidents recorded before the release rule were already communicated under the old rule: keep them so."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce


def release_earlier_incidents(apps, schema_editor):
    Incident = apps.get_model("ops", "Incident")
    Incident.objects.filter(released_at__isnull=True).update(
        released_at=Coalesce(F("fi_notified_at"), F("detected_at")))


class Migration(migrations.Migration):
    dependencies = [("ops", "0003_incident_release")]
    operations = [migrations.RunPython(release_earlier_incidents, migrations.RunPython.noop)]
