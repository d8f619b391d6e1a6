"""Enforcement of each API view's access classification, after DRF authenticates the token.

Kept apart from the error handler: DRF imports permission classes while it is itself still
being imported."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import permissions

from masa.core.access import Access
from masa.core.permissions import permits


class ClassifiedAccess(permissions.BasePermission):
    """Applies the view class's `masa_access` after DRF has authenticated the token.

    Signed-in means signed in with a second factor: session sign-in only completes after it,
    and tokens only authenticate people who have one."""

    message = "Sign in or send a valid API token: 'Authorization: Token <token>'."

    def has_permission(self, request: Any, view: Any) -> bool:
        access = getattr(view, "masa_access", None)
        if access is None:
            raise Http404
        if access == Access.PUBLIC:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if access == Access.PERMISSION:
            permission = view.masa_permission
            if not permits(request.user, permission):
                self.message = f"Your roles do not include the permission to {permission}."
                return False
            change_permission = getattr(view, "masa_change_permission", None)
            writing = request.method not in permissions.SAFE_METHODS
            if writing and change_permission and not permits(request.user, change_permission):
                self.message = f"Your roles do not include the permission to {change_permission}."
                return False
        return True
