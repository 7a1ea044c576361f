from django.conf import settings
from django.core.management.base import BaseCommand

from dealroom.services.deals import deal_create
from dealroom.services.quote import quote_line_set
from dealroom.staff_selectors import deal_page

COMMITTEE = (
    ("erin@northwind.test", "economic_buyer", "Erin Walsh"),
    ("chris@northwind.test", "champion", "Chris Okafor"),
    ("tara@northwind.test", "technical_buyer", "Tara Singh"),
    ("lena@northwind.test", "legal", "Lena Park"),
    ("paul@northwind.test", "procurement", "Paul Duarte"),
    ("uma@northwind.test", "user", "Uma Rossi"),
)


class Command(BaseCommand):
    help = "Create the demo deal room (Northwind Logistics, a full committee) and print its invitation links."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any deal exists")
        parser.add_argument("--base-url", default=None)

    def handle(self, *args, if_empty: bool = False, base_url=None, **options) -> None:
        if if_empty and deal_page(limit=1).items:
            self.stdout.write("demo deal: a deal exists already, leaving the deals as they are")
            return
        created = deal_create(
            account_name="Northwind Logistics", owner="sam@quorum.local", base_url=base_url or settings.PUBLIC_BASE_URL,
            stage="proposal", expected_value=4_800_000, discount_bps=1200, members=COMMITTEE,
            meddpicc={"metrics": "Cut dispatch planning time 30 %", "economic_buyer": "Erin Walsh (COO)",
                      "identified_pain": "Planners re-key orders into three tools", "champion": "Chris Okafor"},
        )
        for sku, quantity in (("COLLAB-SEAT-Y", 120), ("SEC-SSO", 1), ("SUP-ONBOARD", 1)):
            quote_line_set(deal_id=created.deal.id, user_id="", sku=sku, quantity=quantity, staff_actor="Sam (sales)")
        self.stdout.write(f"demo deal: Northwind Logistics ({created.deal.id}); "
                          "open a member's link to enter the room:")
        for email, role, name in COMMITTEE:
            self.stdout.write(f"  {name:<13} {role:<16} {created.invites[email]}")
