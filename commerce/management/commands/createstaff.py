import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from commerce.errors import QuorumError
from commerce.services.staff import ROLES, staff_create


class Command(BaseCommand):
    help = ("Create a staff account for the admin at /admin/ (or reset its password and role). Asks for the "
            "password, or reads QUORUM_STAFF_PASSWORD from the environment for scripts.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", choices=ROLES, required=True, help="admin: everything; sales: deals only")
        parser.add_argument("--name", default="")

    def handle(self, *args, email: str, role: str, name: str, **options) -> None:
        password = os.environ.get("QUORUM_STAFF_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("no terminal to ask for the password: set QUORUM_STAFF_PASSWORD")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        try:
            member = staff_create(email=email, role=role, password=password, name=name)
        except QuorumError as exc:
            raise CommandError(exc.detail) from None
        self.stdout.write(self.style.SUCCESS(f"{member.email} can sign in at /admin/ as {member.role} staff"))
