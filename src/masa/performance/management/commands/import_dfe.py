from __future__ import annotations

import time
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masa.performance.dfe_import import ImportRefused, import_directory


class Command(BaseCommand):
    help = (
        "Import the DfE children's social care statistics (EES files, LAIT extract, statistical "
        "neighbours, ONS child population) from DIR, laid out as ../shared/data/. All or nothing; "
        "running it again with the same files changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        started = time.perf_counter()
        try:
            # The raw stream: OutputWrapper.write would end each progress update with a newline.
            summaries = import_directory(directory, out=cast(IO[str], self.stdout._out))
        except ImportRefused as refused:
            raise CommandError(
                "Nothing was imported: fix these problems and run it again.\n"
                + "\n".join(refused.problems)
            ) from None
        self.stdout.write("")
        for summary in summaries:
            self.stdout.write(summary.line())
        self.stdout.write(f"Imported {directory} in {time.perf_counter() - started:.1f} s.")
