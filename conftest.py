"""Fixtures shared by every test: a small partnership with two agencies and their people."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    """Two agencies in one partnership, a third partnership's agency outside it, and people."""

    partnership: object
    elsewhere: object
    own: object
    other: object
    outside_partnership: object


@pytest.fixture
def world(db):
    from masa.accounts.tests.factories import make_organisation, make_partnership

    partnership = make_partnership()
    elsewhere = make_partnership("Otherton Safeguarding Children Partnership")
    outside = make_organisation(elsewhere, name="Otherton Police")
    return World(
        partnership=partnership,
        elsewhere=elsewhere,
        own=make_organisation(partnership, name="Testshire NHS Foundation Trust"),
        other=make_organisation(
            partnership, name="Testshire Probation Service", agency_category="probation"
        ),
        outside_partnership=outside,
    )
