"""Papers attached to the agenda items of meetings.

A paper is seen by whoever may see its meeting (VIEW_MEETINGS, through the meeting's own
scope) and added or removed by whoever may manage that meeting (MANAGE_MEETINGS). The file
itself is kept outside anything the web server serves, under a random name (see uploads.py);
the row keeps what the page shows and what the audit trail needs. Removing a paper deletes
its file but keeps the row, marked removed, so the trail still says what was there.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from masa.documents.uploads import Kind


class PaperQuerySet(QuerySet["Paper"]):
    def current(self) -> PaperQuerySet:
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user: Any) -> PaperQuerySet:
        """Current papers of the meetings `user` may see."""
        from masa.partnership.models import Meeting

        meetings = Meeting.objects.visible_to(user).values("pk")
        return self.current().filter(agenda_item__meeting__in=meetings)

    def changeable_by(self, user: Any) -> PaperQuerySet:
        """Current papers of the meetings `user` may manage."""
        from masa.partnership.models import Meeting

        meetings = Meeting.objects.changeable_by(user).values("pk")
        return self.current().filter(agenda_item__meeting__in=meetings)


class Paper(models.Model):
    agenda_item = models.ForeignKey(
        "partnership.AgendaItem", on_delete=models.PROTECT, related_name="papers"
    )
    title = models.CharField(max_length=200)
    # The name on the person's computer, made safe to show; never used on disk or in a URL.
    original_filename = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=[(k.value, k.label) for k in Kind])
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=32, unique=True)
    uploaded_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="papers_uploaded"
    )
    uploaded_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers_removed",
    )

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(removed_at__isnull=True, removed_by__isnull=True)
                | models.Q(removed_at__isnull=False),
                name="paper_removed_by_only_when_removed",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def file_kind(self) -> Kind:
        return Kind(self.kind)

    @property
    def download_name(self) -> str:
        """The name the browser saves it under: the id only, no personal data (T16)."""
        return f"paper-{self.pk}.{self.file_kind.extension}"
