from django.core.management.base import BaseCommand

from members import demo as members_demo
from members import demo_consultations, demo_deals, demo_join
from members.matching import demo as matching_demo
from members.subsidies import demo as subsidies_demo
from members.twofactor import demo as twofactor_demo
from ops import demo as ops_demo
from support import demo as support_demo


class Command(BaseCommand):
    help = "Load the demo institutions, companies, people and operations data (idempotent; demo only)."

    def handle(self, *args, **options) -> None:
        members_demo.seed()
        matching_demo.seed()
        demo_deals.seed()  # after every member, company and need exists
        demo_join.seed()  # terms accepted by every demo account but one, applications waiting
        demo_consultations.seed()
        ops_demo.seed()
        subsidies_demo.seed()
        support_demo.seed()  # after the FI admins and the desk's staff exist
        twofactor_demo.seed()  # after every account exists
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Every demo login uses the password {members_demo.DEMO_PASSWORD} (demo only)."))
