from django.core.management.base import BaseCommand

from members import demo as members_demo
from members import demo_deals
from members.matching import demo as matching_demo
from members.twofactor import demo as twofactor_demo
from ops import demo as ops_demo


class Command(BaseCommand):
    help = "Load the demo institutions, companies, people and operations data (idempotent; demo only)."

    def handle(self, *args, **options) -> None:
        members_demo.seed()
        matching_demo.seed()
        demo_deals.seed()  # after every member, company and need exists
        twofactor_demo.seed()  # after every account exists
        ops_demo.seed()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Every demo login uses the password {members_demo.DEMO_PASSWORD} (demo only)."))
