"""The API reference as a GOV.UK page, generated from the same OpenAPI schema the API serves
(readable without JavaScript, unlike the usual Swagger page)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

from masa.core.access import public

_METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": (
                        operation.get("description") or operation.get("summary") or ""
                    ).strip(),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {}).keys()),
                }
            )
    return operations


@cache
def _reference() -> dict[str, Any]:
    """The schema depends only on the code, so it is built once per process: generating it
    took over 100 ms a request once the API had grown (docs/performance.md)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {"info": schema.get("info", {}), "operations": _operations(schema)}


@public
@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "core/api_docs.html", _reference())
