import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commerce.errors import QuorumError
from dealroom.services.deals import deal_create


class Command(BaseCommand):
    help = 'Create a deal room and invite its committee. Prints {"deal_id", "cart_id", "invites": {email: url}}.'

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help="the buyer's account name")
        parser.add_argument("--member", action="append", default=[], metavar="EMAIL:ROLE[:NAME]")
        parser.add_argument("--owner", default="sales@quorum.local")
        parser.add_argument("--discount", type=float, default=0.0, help="percent off every line")
        parser.add_argument("--currency", default="usd")
        parser.add_argument("--base-url", default=None, help="for the invitation links (PUBLIC_BASE_URL)")

    def handle(self, *args, **options) -> None:
        members = []
        for spec in options["member"]:
            parts = spec.split(":", 2)
            if len(parts) < 2:
                raise CommandError(f"--member {spec!r}: use EMAIL:ROLE or EMAIL:ROLE:NAME")
            members.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        try:
            created = deal_create(account_name=options["name"], owner=options["owner"], currency=options["currency"],
                                  discount_bps=round(options["discount"] * 100), members=tuple(members),
                                  base_url=options["base_url"] or settings.PUBLIC_BASE_URL)
        except QuorumError as exc:
            raise CommandError(exc.detail) from None
        self.stdout.write(json.dumps({"deal_id": created.deal.id, "cart_id": created.deal.cart_id,
                                      "invites": created.invites}, indent=2))
