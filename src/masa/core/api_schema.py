"""The OpenAPI schema states every answer an operation can give, errors included.

drf-spectacular documents only the success response. MASA's API also answers 400 (what to
fix), 401 (no or bad token), 403 (the role may not), 404 (no such record, or out of reach) and
429 (too many requests), each with the body `masa.core.api.explain_exception` shapes. Public
operations say so, so clients and the T13 fuzz test know no token is needed.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from masa.core.access import Access

# Built inline because a serializer class cannot declare a field called `fields`.
ERROR_BODY = inline_serializer(
    name="Error",
    fields={
        "error": serializers.CharField(help_text="What went wrong, in a sentence."),
        "fields": serializers.DictField(
            required=False,
            child=serializers.JSONField(),
            help_text="For a 400: each field with what to fix.",
        ),
    },
)

ERROR_RESPONSES = {
    "400": "The request has problems; `fields` says what to fix in each field.",
    "401": "No token, or a token that is unknown, revoked or malformed.",
    "403": "The token's owner holds no role that may do this.",
    "404": "There is no such record, or the token's owner may not see it.",
    "429": "Too many requests; wait and try again.",
}


class MasaAutoSchema(AutoSchema):
    def _is_public(self) -> bool:
        return getattr(self.view, "masa_access", None) == Access.PUBLIC

    def get_auth(self) -> list[dict[str, Any]]:
        if self._is_public():
            return [{}]
        return super().get_auth()

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        codes = ["400", "404", "429"] if self._is_public() else list(ERROR_RESPONSES)
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ERROR_BODY, code)
                responses[code]["description"] = ERROR_RESPONSES[code]
        return responses
