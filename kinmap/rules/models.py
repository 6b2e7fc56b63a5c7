"""What the engine stores: the pack versions councils work to, and each rule's result for each child."""

from django.db import models


class PackVersion(models.Model):
    """A pack as it was loaded: name, version and the hash of its resolved content.

    A changed pack file with the same version string is still a new PackVersion (new hash), so a
    result always says exactly which rules judged it.
    """

    name = models.CharField(max_length=100)
    version = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    content = models.JSONField(help_text="The resolved pack (after extends) as validated.")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "sha256"], name="pack_version_unique_content")]
        ordering = ["name", "-loaded_at"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Status(models.TextChoices):
    MET = "met", "Met"
    MET_LATE = "met_late", "Met late"
    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"
    UNKNOWN = "unknown", "Unknown"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class RuleResult(models.Model):
    """One rule's result for one child for one period (a trigger, or one cycle of a recurring rule).

    Results are recomputed from the child's record whenever it changes; the set for a child is
    replaced as a whole, and each row says which pack version judged it and when.
    """

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="rule_results")
    pack_version = models.ForeignKey(
        PackVersion, on_delete=models.PROTECT, related_name="results", db_index=False, db_constraint=False
    )
    rule_id = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices)
    trigger_event = models.ForeignKey(
        "journey.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False, db_constraint=False,
    )
    trigger_on = models.DateField(null=True, blank=True)
    period = models.PositiveIntegerField(default=1, help_text="1 for the first deadline, 2.. for recurrences")
    due_on = models.DateField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    evidence_event = models.ForeignKey(
        "journey.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False, db_constraint=False,
    )
    involvement = models.ForeignKey(
        "journey.Involvement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_constraint=False,
    )
    practitioner = models.ForeignKey(
        "councils.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False, db_constraint=False,
        help_text="The involvement's lead practitioner when checked: whose figures it counts in.",
    )
    team = models.ForeignKey(
        "councils.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False, db_constraint=False,
        help_text="The involvement's team when checked: whose figures it counts in.",
    )
    checked_on = models.DateField(help_text="The as-of date the result was computed for.")
    missing_event = models.ForeignKey(
        "journey.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False, db_constraint=False,
        help_text="An unknown result: the event that lacks the fact the rule turns on.",
    )
    missing_attribute = models.CharField(
        max_length=50, blank=True, help_text="An unknown result: the attribute the event lacks."
    )

    class Meta:
        # Few indexes and database-level foreign key checks on purpose: a council's results are
        # rewritten in bulk from rows just read (decision 0204). The child and involvement foreign
        # keys keep their indexes (a child's results, a worklist's join); only the child keeps its
        # constraint. Django still applies every on_delete rule.
        indexes = [models.Index(fields=["due_on", "status"])]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.period}): {self.get_status_display()}"


class Recheck(models.Model):
    """A council-wide re-check of every child: queued by the nightly job, a change of pack or
    `kinmap recheck`, and counted as it goes so the pack page can show how far it has got."""

    class Reason(models.TextChoices):
        NIGHTLY = "nightly", "Nightly re-check"
        PACK_CHANGE = "pack_change", "Pack chosen"
        BY_HAND = "by_hand", "Run by hand (kinmap recheck)"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    as_of = models.DateField(help_text="The date the children are judged on.")
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    children = models.PositiveIntegerField(default=0, help_text="Children to check (known once started).")
    children_done = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0, help_text="Results the checked children have now.")
    added = models.PositiveIntegerField(default=0, help_text="Results written because they changed.")
    removed = models.PositiveIntegerField(default=0, help_text="Results deleted because they changed.")
    failure = models.TextField(blank=True, help_text="Why the re-check stopped, if it failed.")

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["council", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} of {self.council_id} as of {self.as_of}"

    @property
    def state(self) -> str:
        """queued, running, finished or failed."""
        if self.failure:
            return "failed"
        if self.finished_at:
            return "finished"
        return "running" if self.started_at else "queued"

    @property
    def percent(self) -> int:
        return 100 * self.children_done // self.children if self.children else 0
