from django.core.management.base import BaseCommand

from commerce.persistence import base
from commerce.persistence.table_sync import table_sync


class Command(BaseCommand):
    help = "Create the Quorum DynamoDB table, or bring it up to date (indexes, stream, TTL). Idempotent."

    def handle(self, *args, **options) -> None:
        name = base.table_name()
        changes = table_sync(client=base.boto3_client(), table_name=name)
        if not changes:
            self.stdout.write(f"table {name}: already in sync")
        for change in changes:
            self.stdout.write(f"table {name}: {change}")
