"""/api/v1/papers/: the papers of the meetings a person may see, and uploading one.

Reads are scoped like the meeting page (VIEW_MEETINGS through the meeting). A paper is
uploaded as multipart/form-data (`agenda_item`, `title`, `file`) by someone who may manage
the meeting, through the same service and checks as the page; a refused file answers 400
with the reason under `fields.file`. The file itself is downloaded from the page's download
link only, never through the API.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import parsers, serializers
from rest_framework.reverse import reverse

from masa.core.api_records import RecordViewSet
from masa.core.permissions import Permission
from masa.documents.models import Paper
from masa.documents.papers import UploadRefused, agenda_item_changeable_by, paper_upload


class PaperSerializer(serializers.ModelSerializer[Paper]):
    agenda_item = serializers.IntegerField(source="agenda_item_id")
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    title = serializers.CharField(max_length=200)
    kind_label = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Paper
        fields = [
            "id",
            "agenda_item",
            "meeting",
            "title",
            "original_filename",
            "kind",
            "kind_label",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
            "file",
        ]
        read_only_fields = ["id", "original_filename", "kind", "size", "sha256", "uploaded_at"]

    def get_kind_label(self, paper: Paper) -> str:
        return paper.file_kind.label

    def get_download_url(self, paper: Paper) -> str:
        return reverse("documents:paper-download", args=[paper.pk])


@extend_schema_view(
    list=extend_schema(summary="Papers of the meetings you may see"),
    retrieve=extend_schema(summary="One paper's details"),
    create=extend_schema(
        summary="Upload a paper to an agenda item (multipart/form-data)",
        request={"multipart/form-data": PaperSerializer},
    ),
)
class PaperViewSet(RecordViewSet):
    """Papers attached to agenda items, scoped like their meetings. POST takes
    multipart/form-data with `agenda_item`, `title` and `file`; the file is checked (type by
    content, size, archive limits, virus scan) and its metadata stripped, exactly as on the
    page. A refused file answers 400 with the reason under `fields.file`."""

    model = Paper
    serializer_class = PaperSerializer
    masa_permission = Permission.VIEW_MEETINGS
    masa_change_permission = Permission.MANAGE_MEETINGS
    http_method_names: ClassVar[list[str]] = ["get", "post", "head", "options"]  # type: ignore[misc]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]

    def get_queryset(self) -> QuerySet[Any]:
        return Paper.objects.visible_to(self.request.user).select_related("agenda_item")

    def create_record(self, data: dict[str, Any]) -> Paper:
        item = agenda_item_changeable_by(self.request.user, data["agenda_item_id"])
        if item is None:
            raise serializers.ValidationError(
                {"agenda_item": ["Give the id of an agenda item of a meeting you manage"]}
            )
        upload = data["file"]
        try:
            return paper_upload(
                actor=self.request.user,
                agenda_item=item,
                title=" ".join(data["title"].split()),
                file=upload,
                filename=upload.name or "",
            )
        except UploadRefused as refusal:
            raise serializers.ValidationError({"file": [refusal.message]}) from None
