from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.accounts.selectors import DEMO_EMAIL_DOMAIN, demo_personas
from masa.accounts.services import api_token_create

TOKEN_NAME = "Demo token from masa demo-token"  # noqa: S105 (a label, not a secret)


class Command(BaseCommand):
    help = (
        "Demo sites only: print a new API token for a demo persona. Only the token goes to "
        "standard output, so `TOKEN=$(masa demo-token EMAIL)` works."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help=f"a demo persona's email (…@{DEMO_EMAIL_DOMAIN})")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.MASA_DEMO_MODE:
            raise CommandError(
                "Demo tokens exist only in demo mode, and MASA_DEMO_MODE is off. On a real site "
                "a person creates their own token on their account page."
            )
        wanted = email.strip().lower()
        personas = demo_personas()
        person = next((p.person for p in personas if p.person.email == wanted), None)
        if person is None:
            known = ", ".join(p.person.email for p in personas) or "none: run masa load-demo"
            raise CommandError(
                f"{email} is not a demo persona. Demo personas are the active people whose "
                f"email ends @{DEMO_EMAIL_DOMAIN}: {known}."
            )
        if not person.has_second_factor:
            raise CommandError(
                f"{person.email} has no confirmed second factor, and API tokens belong only to "
                "people who have one. Run masa load-demo to give the demo personas theirs."
            )
        _, token = api_token_create(actor=person, name=TOKEN_NAME)
        self.stdout.write(token)
        self.stderr.write(
            f"A new API token for {person.full_name}, shown once. Send it as the header "
            "'Authorization: Token <token>', e.g. to /api/v1/organisations/.",
            style_func=str,  # a hint, not an error: no red
        )
