"""/api/v1/organisations/ and /api/v1/people/: read-only, scoped like the directory pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers, viewsets

from masa.accounts.models import Membership, Organisation, Person
from masa.accounts.selectors import current_memberships
from masa.core.access import Access
from masa.core.permissions import Permission


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "agency_category",
            "setting_type",
            "dfe_urn",
            "has_section_11_duty",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    organisation: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "role", "started_on"]


class PersonSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True, source="listed_memberships")

    class Meta:
        model = Person
        fields = ["id", "full_name", "job_title", "email", "memberships"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations in your partnerships."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_ORGANISATION
    serializer_class = OrganisationSerializer
    lookup_value_regex = "[0-9]+"  # ids only in URLs, never names or emails (T16)

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.visible_to(self.request.user).order_by("name")
        kind = self.request.query_params.get("kind")
        return queryset.filter(kind=kind) if kind else queryset


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People whose details you may see, with their current roles."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_PERSON
    serializer_class = PersonSerializer
    lookup_value_regex = "[0-9]+"  # ids only in URLs, never names or emails (T16)

    def get_queryset(self) -> QuerySet[Person]:
        return (
            Person.objects.visible_to(self.request.user)
            .filter(is_active=True)
            .prefetch_related(
                Prefetch(
                    "memberships", queryset=current_memberships(), to_attr="listed_memberships"
                )
            )
            .order_by("full_name")
        )


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """Describes our token header in the OpenAPI schema."""

    target_class = "masa.accounts.api_auth.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Send 'Token <your token>'. Create a token on your account page.",
        }
