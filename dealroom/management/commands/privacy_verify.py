from django.core.management.base import BaseCommand, CommandError

from dealroom.privacy.commands import run
from dealroom.privacy.verify import person_verify


class Command(BaseCommand):
    help = ("Scan the whole table (and Stripe's customer list) for any trace of an email, case-insensitive; "
            "exit 1 when one is found. Large tables: --segments N --rate RCU_PER_SECOND (docs/privacy.md).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--segments", type=int, default=1, help="parallel scan segments (threads)")
        parser.add_argument("--rate", type=float, default=None, help="read capacity units per second, in all")
        parser.add_argument("--page-size", type=int, default=500)
        parser.add_argument("--no-stripe", action="store_false", dest="stripe", help="skip Stripe's customer list")

    def handle(self, *args, email: str, segments: int, rate, page_size: int, stripe: bool, **options) -> None:
        if not 1 <= segments <= 64:
            raise CommandError("--segments must be between 1 and 64")
        report = run(lambda: person_verify(email=email, segments=segments, rate=rate, stripe=stripe,
                                           page_size=page_size))
        for trace in report.traces:
            self.stdout.write(f"TRACE  {trace.entity:<18} {trace.key}  {trace.path}")
        for customer in report.stripe_traces:
            self.stdout.write(f"TRACE  Stripe customer    {customer['id']}  {', '.join(customer['fields'])}")
        self.stdout.write(f"read {report.items_read} item(s) ({report.read_units:.1f} RCU) and "
                          f"{report.stripe_customers_read} Stripe customer(s) in {report.seconds:.1f} s: "
                          f"{len(report.traces) + len(report.stripe_traces)} trace(s)")
        if not report.clean:
            raise CommandError(f"{report.email} still has traces")
