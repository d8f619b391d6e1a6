from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.assurance.ofsted_import import OfstedImportRefused, import_ofsted


class Command(BaseCommand):
    help = (
        "Import Ofsted's ILACS judgements of local authority children's services for each "
        "partnership's authorities from DIR, laid out as ../shared/data/. All or nothing; "
        "running it again with the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        try:
            summary = import_ofsted(directory)
        except OfstedImportRefused as refused:
            raise CommandError(
                "Nothing was imported: fix these problems and run it again.\n"
                + "\n".join(refused.problems)
            ) from None
        self.stdout.write(summary.line())
        for name, count in sorted(summary.by_partnership.items()):
            self.stdout.write(f"  {name}: {count} inspection(s)")
