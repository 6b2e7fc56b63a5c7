"""What every record of a child's life shares: who made it, when, its full history, and no deletion."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RecordDeletionRefused(Exception):
    """Raised when code tries to delete part of a child's record; archive it instead."""


class RecordQuerySet(models.QuerySet):
    def delete(self):  # type: ignore[override]
        raise RecordDeletionRefused("Records are never deleted: archive them with a reason.")

    def current(self):
        return self.filter(archived_at__isnull=True)


class RecordModel(models.Model):
    """Base for every model that is part of a child's record.

    History is kept by django-simple-history (who, when, what, every version); rows are archived
    with a reason, never deleted, so that nothing is silently lost.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_reason = models.CharField(max_length=500, blank=True, editable=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise RecordDeletionRefused("Records are never deleted: archive them with a reason.")

    def archive(self, *, reason: str, by=None) -> None:
        if not reason.strip():
            raise ValueError("Give a reason for archiving.")
        self.archived_at = timezone.now()
        self.archived_reason = reason
        if by is not None:
            self._history_user = by
        self.save(update_fields=["archived_at", "archived_reason"])


def history() -> HistoricalRecords:
    """One place for the history settings every record model uses."""
    return HistoricalRecords(inherit=False, cascade_delete_history=False)
