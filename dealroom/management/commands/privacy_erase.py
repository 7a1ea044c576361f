from django.core.management.base import BaseCommand, CommandError

from commerce.domain.users import normalize_email
from dealroom.privacy.commands import actor_of, add_actor, run
from dealroom.privacy.erase import STEP_NAMES, person_erase
from dealroom.privacy.footprint import footprint_of


class Command(BaseCommand):
    help = ("Erase everything Quorum holds about one email (docs/privacy.md), or finish an erasure that stopped. "
            "Asks to type the email again unless --no-input.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="do not ask to confirm")
        add_actor(parser)

    def handle(self, *args, email: str, interactive: bool = True, **options) -> None:
        email = run(lambda: normalize_email(email))
        if interactive:
            found = footprint_of(email=email)
            self.stdout.write(f"{email}: {len(found.memberships)} membership(s), {len(found.invites)} invitation(s), "
                              f"{len(found.order_ids)} order(s), {len(found.billing)} Stripe customer(s) to delete.")
            if normalize_email(input("Type the email again to erase it: ") or "-@-.-") != email:
                raise CommandError("not confirmed: nothing was erased")
        request = run(lambda: person_erase(email=email, actor=actor_of(options)))
        for step in STEP_NAMES:
            self.stdout.write(f"  {step:<12} {request.counts.get(step, 0)}")
        self.stdout.write(f"erased (request {request.id}, run {request.runs})")
