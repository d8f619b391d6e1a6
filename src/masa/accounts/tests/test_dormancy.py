import datetime

import time_machine
from django.utils import timezone

from masa.accounts.services import api_token_create, disable_dormant_accounts, is_dormant
from masa.accounts.tests.factories import make_member
from masa.core.roles import Role


def test_an_account_used_only_through_the_api_is_not_dormant(world):
    system_account = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    idle = make_member(Role.PRACTITIONER, world.own)
    api_token, _ = api_token_create(actor=system_account, name="Case system upload")
    later = timezone.now() + datetime.timedelta(days=120)
    with time_machine.travel(later):
        api_token.last_used_at = timezone.now() - datetime.timedelta(days=3)
        api_token.save(update_fields=["last_used_at"])
        assert not is_dormant(system_account)
        assert is_dormant(idle)
        assert disable_dormant_accounts() == [idle]
    system_account.refresh_from_db()
    assert system_account.is_active
