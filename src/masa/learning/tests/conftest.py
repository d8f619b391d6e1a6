from __future__ import annotations

import pytest

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.roles import Role


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")


@pytest.fixture
def agency_lead(world):
    return make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, full_name="Alex Lead")


@pytest.fixture
def manager_client(manager):
    return signed_in_client(manager)
