from django.core.management.base import BaseCommand

from dashboards import rollups


class Command(BaseCommand):
    help = (
        "Compute the rollup of the dashboards' figures now (beat does it every 15 minutes); "
        "run it after a figure's definition changed."
    )

    def handle(self, *args, **options):
        rows = rollups.refresh()
        self.stdout.write(f"Dashboard figures: {rows} rows written.")
