from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from masa.accounts.services import disable_dormant_accounts


class Command(BaseCommand):
    help = "Disable accounts not used for MASA_DORMANT_DAYS days (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        disabled = disable_dormant_accounts()
        self.stdout.write(
            f"Disabled {len(disabled)} account(s) unused for {settings.MASA_DORMANT_DAYS} days."
        )
