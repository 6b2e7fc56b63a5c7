"""The child's journey: involvements with service areas, transfers, and the append-only event record."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from kinmap.core.models import RecordModel, history
from kinmap.journey.vocabulary import vocabulary


class Involvement(RecordModel):
    """A period of the child's journey with one service area, led by one practitioner in one team."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="involvements")
    service_area = models.CharField(max_length=30)
    team = models.ForeignKey("councils.Team", on_delete=models.PROTECT, related_name="involvements")
    lead_practitioner = models.ForeignKey(
        "councils.StaffMember", null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    variant = models.CharField(
        max_length=30, blank=True, help_text="Safety, wellbeing, success... as the council's pack gives it."
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    history = history()

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["team", "ended_on"]),
            models.Index(fields=["lead_practitioner", "ended_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="involvement_ends_after_start",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Transfer(models.Model):
    """A move of an involvement between teams or practitioners; kept, never overwritten."""

    involvement = models.ForeignKey(Involvement, on_delete=models.PROTECT, related_name="transfers")
    transferred_on = models.DateField()
    from_team = models.ForeignKey("councils.Team", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("councils.Team", on_delete=models.PROTECT, related_name="+")
    from_practitioner = models.ForeignKey(
        "councils.StaffMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_practitioner = models.ForeignKey(
        "councils.StaffMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transferred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.transferred_on}: {self.from_team} to {self.to_team}"


class EventChangeRefused(Exception):
    """Events are append-only: a mistake is put right by a correcting event, never by an edit."""


class Event(models.Model):
    """Something that happened in the child's journey, on a date, of a type from the vocabulary.

    Append-only. A correction is a new event with `corrects` pointing at the one it replaces; the
    replaced event stays in the record and selectors leave it out of rule checks.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="events")
    involvement = models.ForeignKey(
        Involvement, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    type = models.CharField(max_length=50)
    occurred_on = models.DateField()
    occurred_at_time = models.TimeField(null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    refers_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="referred_by"
    )
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    summary = models.TextField(blank=True)
    correction_reason = models.CharField(
        "What was wrong",
        max_length=500,
        blank=True,
        help_text="For a correction: what was wrong with the event it replaces.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # What Kinmap made that this event records (decision 0103): the model label ("mapping.mapping")
    # and its id. An event of a type the vocabulary says Kinmap makes, without one, was recorded by
    # hand. A plain label and id, not a generic relation: journey sits below the apps that make things.
    artefact_type = models.CharField(max_length=50, blank=True)
    artefact_id = models.PositiveBigIntegerField(null=True, blank=True)
    backdated_reason = models.CharField(
        "Why it is recorded late",
        max_length=300,
        blank=True,
        help_text="For work recorded by hand well after it happened (decision 0104).",
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["child", "occurred_on"]),
            models.Index(fields=["type", "occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(artefact_type="", artefact_id__isnull=True)
                | (~models.Q(artefact_type="") & models.Q(artefact_id__isnull=False)),
                name="event_artefact_type_and_id_together",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} on {self.occurred_on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EventChangeRefused("Events cannot be changed; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventChangeRefused("Events cannot be deleted; record a correction instead.")

    @property
    def made_in_kinmap(self) -> bool:
        """Recorded by what Kinmap made (a completed mapping...): "in the record"."""
        return bool(self.artefact_type)

    @property
    def recorded_by_hand(self) -> bool:
        """Of a type that stands for something made, but ticked on the event form."""
        spec = vocabulary().event_types.get(self.type)
        return spec is not None and spec.artefact is not None and not self.artefact_type
