"""factory_boy factories for ops models (shared by the ops test modules)."""

from datetime import timedelta

import factory
from django.utils import timezone

from ops.models import MaintenanceWindow


class MaintenanceWindowFactory(factory.django.DjangoModelFactory):
    """A service-stopping ad-hoc window running now; pass starts_at/ends_at for other times."""

    class Meta:
        model = MaintenanceWindow

    kind = MaintenanceWindow.Kind.ADHOC
    status = MaintenanceWindow.Status.SCHEDULED
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    ends_at = factory.LazyAttribute(lambda w: w.starts_at + timedelta(hours=1))
    stops_service = True
    message = "システム更新のため、サービスを停止しています。"
    announced_at = factory.LazyAttribute(lambda w: w.starts_at - timedelta(days=10))


class IncidentFactory(factory.django.DjangoModelFactory):
    """An `incident`-severity fault detected now and affecting every FI; no notices are sent by the factory.

    Not released to the banks unless `released=True` (as if the system lead had released it on detection).
    """

    class Meta:
        model = "ops.Incident"

    title = factory.Sequence(lambda n: f"テスト障害{n}")
    severity = "incident"
    status = "detected"
    detected_at = factory.LazyFunction(timezone.now)
    affects_all_institutions = True

    class Params:
        released = factory.Trait(released_at=factory.SelfAttribute("detected_at"))
