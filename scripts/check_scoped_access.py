"""Lint: views and API modules never read agency-scoped records without scoping them.

A model is agency-scoped when its manager offers `visible_to`. In views.py and api.py (and
views/ or api/ packages) `<ScopedModel>.objects` must be followed by a scoping method; any
other access is reported with file and line, and the script exits 1. Reads that are not
for one person (public facts, demo personas) belong in selectors, where they are explicit.

Run: python scripts/check_scoped_access.py [SRC_DIR]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SCOPING_METHODS = {"visible_to", "changeable_by"}


def scoped_model_names() -> set[str]:
    import django

    django.setup()
    from django.apps import apps

    return {
        model.__name__
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to")
    }


def is_view_module(path: Path) -> bool:
    return path.name in {"views.py", "api.py"} or path.parent.name in {"views", "api"}


def violations(source: str, scoped: set[str]) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in scoped
        ):
            parent = parents.get(node)
            if not (isinstance(parent, ast.Attribute) and parent.attr in SCOPING_METHODS):
                found.append(
                    (node.lineno, f"{node.value.id}.{node.attr} used without visible_to(user)")
                )
    return found


def main(argv: list[str]) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masa.config.settings.test")
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "src"
    scoped = scoped_model_names()
    problems = []
    for path in sorted(root.rglob("*.py")):
        if is_view_module(path) and "tests" not in path.parts:
            problems += [(path, line, text) for line, text in violations(path.read_text(), scoped)]
    for path, line, text in problems:
        print(f"{path}:{line}: {text}")
    if problems:
        print(
            f"{len(problems)} unscoped read(s) of agency-scoped records in views", file=sys.stderr
        )
        return 1
    print(f"scoped-access lint: {len(scoped)} scoped models, no unscoped reads in views")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
