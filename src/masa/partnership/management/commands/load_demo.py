from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from masa.accounts.models import OrganisationKind, SettingType
from masa.partnership.demo import DemoSummary, load_demo
from masa.partnership.models import GroupKind


class Command(BaseCommand):
    help = "Demo sites only: load the Somerset demo partnership and its personas (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The personas share a published password: they must never reach a real site.
        if not settings.MASA_DEMO_MODE:
            raise CommandError(
                "The demo partnership loads only in demo mode, and MASA_DEMO_MODE is off. "
                "Its personas share a published password, so they must never reach a real "
                "site. Use the local settings (the default for `masa`) for a demo."
            )
        self.print_summary(load_demo())

    def print_summary(self, summary: DemoSummary) -> None:
        write = self.stdout.write
        partnership = summary.partnership
        write(f"Demo partnership: {partnership.name} ({partnership.short_name})")
        if summary.changed_anything:
            write("Added or filled in by this run:")
            for name, count in summary.changes.items():
                write(f"  {count:>4}  {name}")
        else:
            write("It was already loaded: nothing changed.")

        write("\nOrganisations")
        for kind, count in summary.organisations_by_kind.items():
            write(f"  {count:>4}  {OrganisationKind(kind).label}")
        write("\nEducation settings")
        for setting_type, count in summary.settings_by_type.items():
            write(f"  {count:>4}  {SettingType(setting_type).label}")
        write("\nGroups")
        for group in summary.groups:
            write(f"  {GroupKind(group.kind).label}: {group.name}")

        write(f'\nPersonas (every one has the password "{summary.password}")')
        width = max((len(p.email) for p in summary.personas), default=0)
        for persona in summary.personas:
            roles = "; ".join(persona.roles) or "no current role"
            write(f"  {persona.email:<{width}}  {roles}")
            write(f"  {'':<{width}}  authenticator key: {persona.authenticator_key}")
        write(
            "\nHow to sign in as a persona:\n"
            "  - /demo/ signs you in as any persona without the second factor "
            "(demo mode only).\n"
            "  - /sign-in/ takes the email and the password above, then a code from an "
            "authenticator app to which you have added the persona's key.\n"
            "  - `masa demo-token EMAIL` prints an API token for a persona."
        )
