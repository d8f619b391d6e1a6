from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from masa.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"The audit trail is broken at event {report.first_broken_id}: {report.problem}. "
                f"{report.events_checked - 1} events before it are intact."
            )
        self.stdout.write(f"The audit trail is intact: {report.events_checked} events checked.")
