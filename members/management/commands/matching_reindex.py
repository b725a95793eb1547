from django.core.management.base import BaseCommand

from members.matching.needs import needs_reindex_all
from members.matching.services import companies_reindex_all


class Command(BaseCommand):
    help = ("Rebuild the search index and recommendation words of every company and need (after moving the data "
            "to PostgreSQL or changing the tokeniser). Recommendations follow at the next nightly run.")

    def handle(self, *args, **options) -> None:
        companies, needs = companies_reindex_all(), needs_reindex_all()
        self.stdout.write(self.style.SUCCESS(f"Reindexed {companies} companies and {needs} needs."))
