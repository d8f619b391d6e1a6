"""The shape every read-and-write API endpoint takes: `RecordViewSet`.

GET lists and reads what the person may see (`visible_to`); POST creates and PATCH changes
through the app's service functions, so the API writes the same audit events as the pages.
There is no DELETE: records are closed or ended, never removed through the API.

- A person whose roles lack the change permission altogether gets 403 on POST and PATCH.
- A record they may not see answers 404, as on the pages; one they may see but not change
  answers 403 saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from rest_framework import exceptions, mixins, serializers, viewsets

from masa.core.access import Access
from masa.core.permissions import Permission


def field_refusal(errors: dict[str, str]) -> serializers.ValidationError:
    """A 400 naming each field to correct, shaped like the serializers' own errors."""
    return serializers.ValidationError({field: [message] for field, message in errors.items()})


# The largest id a 64-bit database column holds: a longer number of digits is no record's id,
# and would overflow the database driver (SQLite raises OverflowError) instead of matching nothing.
LARGEST_ID = 2**63 - 1


def query_id(params: Any, name: str, example: str = "3") -> int | None:
    """The id given as `?name=`, or None when absent; a 400 saying how to give it otherwise."""
    value = params.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID):
        raise field_refusal({name: f"Give the {name} as its id, like ?{name}={example}"})
    return int(value)


@contextmanager
def _refusals_as_bad_requests() -> Iterator[None]:
    """A service refusing a change (Django's ValidationError) answers 400 naming the fields."""
    try:
        yield
    except DjangoValidationError as refusal:
        detail = refusal.message_dict if hasattr(refusal, "error_dict") else refusal.messages
        raise serializers.ValidationError(detail) from refusal


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Subclasses set `model`, `serializer_class`, `masa_permission` (to read) and
    `masa_change_permission` (to write), and implement `create_record` / `update_record` by
    calling their services with `self.request.user` as the actor."""

    masa_access = Access.PERMISSION
    masa_permission: ClassVar[Permission]
    masa_change_permission: ClassVar[Permission]
    model: ClassVar[type[Model]]
    http_method_names: ClassVar[list[str]] = ["get", "post", "patch", "head", "options"]  # type: ignore[misc]
    lookup_value_regex = "[0-9]+"  # ids only in URLs (T16)

    def get_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        record = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            changeable = self.model._default_manager.changeable_by(self.request.user)  # type: ignore[attr-defined]
            if not changeable.filter(pk=record.pk).exists():
                raise exceptions.PermissionDenied("You may see this record but not change it.")
        return record

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        with _refusals_as_bad_requests():
            serializer.instance = self.create_record(dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        with _refusals_as_bad_requests():
            serializer.instance = self.update_record(
                serializer.instance, dict(serializer.validated_data)
            )

    def create_record(self, data: dict[str, Any]) -> Model:
        raise exceptions.MethodNotAllowed("POST")

    def update_record(self, record: Any, data: dict[str, Any]) -> Model:
        raise exceptions.MethodNotAllowed("PATCH")
