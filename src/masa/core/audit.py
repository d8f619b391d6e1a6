"""Writing and verifying the audit trail.

Services call `record` inside their own transaction, so an event exists exactly when the
change it describes was committed. Reads of restricted records call `record_read`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from masa.core.models import AuditEvent
from masa.core.request_context import current_request_id

GENESIS_HASH = "0" * 64
# Any constant will do: it names the lock that serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 7_221_000_001


def _event_hash(previous_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
        [
            previous_hash,
            event.occurred_at.isoformat(),
            event.actor_id,
            event.organisation_id,
            event.action,
            event.object_type,
            event.object_id,
            event.request_id,
            event.detail,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain() -> None:
    # SQLite transactions here begin IMMEDIATE, which already serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def record(
    *,
    actor: Any,
    action: str,
    target: Model | None = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `detail` must hold no free text about a child or family."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        actor_id = (
            actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
        )
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=actor_id,
            organisation_id=getattr(organisation, "pk", organisation),
            action=action,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            request_id=current_request_id.get() if current_request_id.get() != "-" else "",
            detail=detail or {},
            previous_hash=last or GENESIS_HASH,
        )
        event.hash = _event_hash(event.previous_hash, event)
        event.save(force_insert=True)
        return event


def record_read(*, actor: Any, target: Model) -> AuditEvent:
    return record(actor=actor, action=f"{target._meta.model_name}.read", target=target)


def record_denial(*, actor: Any, what: str, reason: str) -> AuditEvent:
    return record(actor=actor, action="access.denied", detail={"what": what, "reason": reason})


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    first_broken_id: int | None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain from the start; report the first event whose link does not hold."""
    expected_previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        checked += 1
        if event.previous_hash != expected_previous:
            return ChainReport(checked, event.id, "its link to the event before it does not match")
        if _event_hash(event.previous_hash, event) != event.hash:
            return ChainReport(checked, event.id, "its contents do not match its hash")
        expected_previous = event.hash
    return ChainReport(checked, None)
