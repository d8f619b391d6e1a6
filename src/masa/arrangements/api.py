"""/api/v1/arrangements/: the published versions, public, each with its sections as frozen.
/api/v1/arrangement-drafts/: the drafts, for those who may see them.
/api/v1/arrangement-sections/: a draft's sections; PATCH changes one through the same
service as the page (so it is audited)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from masa.arrangements import selectors
from masa.arrangements.models import Arrangements, DraftSection, Version
from masa.arrangements.services import section_change
from masa.core.access import Access
from masa.core.api_records import RecordViewSet
from masa.core.permissions import Permission


class BlockSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["p", "ul", "table"])
    text = serializers.CharField(required=False)
    items = serializers.ListField(child=serializers.CharField(), required=False)
    caption = serializers.CharField(required=False)
    head = serializers.ListField(child=serializers.CharField(), required=False)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class SnapshotSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    blocks = BlockSerializer(many=True)


class VersionSerializer(serializers.ModelSerializer):
    partnership = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    contact_email = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()

    class Meta:
        model = Version
        fields = [
            "id",
            "partnership",
            "title",
            "number",
            "published_on",
            "approved_at",
            "approved_by_name",
            "approved_by_role",
            "contact_email",
            "sections",
        ]

    def get_partnership(self, version: Version) -> str:
        return str(version.snapshot.get("partnership", ""))

    def get_title(self, version: Version) -> str:
        return str(version.snapshot.get("title", ""))

    def get_contact_email(self, version: Version) -> str:
        return str(version.snapshot.get("contact_email", ""))

    @extend_schema_field(SnapshotSectionSerializer(many=True))
    def get_sections(self, version: Version) -> list[dict[str, Any]]:
        return list(version.snapshot.get("sections", []))


class PublishedArrangementsViewSet(viewsets.ReadOnlyModelViewSet):
    """Published versions of the arrangements, newest first within each partnership. Public."""

    masa_access = Access.PUBLIC
    serializer_class = VersionSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Version]:
        return selectors.published_versions()


class DraftSectionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="get_key_display", read_only=True)
    number = serializers.IntegerField(read_only=True)

    class Meta:
        model = DraftSection
        fields = ["id", "arrangements", "key", "number", "title", "body", "changed_at"]
        read_only_fields = ["id", "arrangements", "key", "number", "title", "changed_at"]


class DraftSerializer(serializers.ModelSerializer):
    partnership_name = serializers.CharField(source="partnership.name", read_only=True)
    sections = DraftSectionSerializer(many=True, read_only=True)

    class Meta:
        model = Arrangements
        fields = ["id", "partnership", "partnership_name", "title", "resourcing_year", "sections"]


class ArrangementDraftViewSet(viewsets.ReadOnlyModelViewSet):
    """The draft arrangements of your partnerships, with each section's text."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_ARRANGEMENT_DRAFTS
    serializer_class = DraftSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Arrangements]:
        return (
            Arrangements.objects.visible_to(self.request.user)
            .select_related("partnership")
            .prefetch_related("sections")
            .order_by("pk")
        )


class DraftSectionViewSet(RecordViewSet):
    """One section of a draft. PATCH {"body": "..."} changes its text (plain text, no HTML)."""

    model = DraftSection
    serializer_class = DraftSectionSerializer
    masa_permission = Permission.VIEW_ARRANGEMENT_DRAFTS
    masa_change_permission = Permission.EDIT_ARRANGEMENTS
    http_method_names = ["get", "patch", "head", "options"]  # type: ignore[misc]

    def get_queryset(self) -> QuerySet[DraftSection]:
        return DraftSection.objects.visible_to(self.request.user).order_by("arrangements", "pk")

    def update_record(self, record: DraftSection, data: dict[str, Any]) -> DraftSection:
        return section_change(
            actor=self.request.user, section=record, body=data.get("body", record.body)
        )
