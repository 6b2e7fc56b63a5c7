"""Mapping in the seven domains, paired danger or worry statements and goals, bottom lines, harm,
scaling and next steps: the analysis a child's plan is built from.

Names follow the handbooks. What a variant calls each thing (Danger statement or Worry statement,
Harm or Wellbeing concerns) comes from the council's pack through `kinmap.mapping.labels`; the
models keep the domain keys of `kinmap.rules.schema.MAPPING_DOMAINS` and a variant key.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from kinmap.core.models import RecordModel, history
from kinmap.rules.schema import MAPPING_DOMAINS

DOMAIN_CHOICES = [(d, d.replace("_", " ").capitalize()) for d in MAPPING_DOMAINS]


class MappedWith(models.TextChoices):
    """Who the mapping was done with; the same keys as the mapping_completed event's `with`."""

    FAMILY = "family", "With the family"
    GROUP_SUPERVISION = "group_supervision", "In group supervision"
    MEETING = "meeting", "At a meeting"
    PRACTITIONER = "practitioner", "By the practitioner"


class Mapping(RecordModel):
    """One mapping of a child (and any brothers and sisters mapped with them) across the seven domains.

    A new mapping builds on the last: its entries are carried forward (`MappingEntry.carried_from`),
    then edited or retired. A completed mapping is not changed again; the next one is.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="mappings")
    siblings = models.ManyToManyField(
        "people.Child",
        blank=True,
        related_name="sibling_mappings",
        help_text="Brothers and sisters mapped together with the child.",
    )
    involvement = models.ForeignKey(
        "journey.Involvement", null=True, blank=True, on_delete=models.PROTECT, related_name="mappings"
    )
    variant = models.CharField(
        max_length=30, help_text="The pack's variant key: safety, wellbeing, success..."
    )
    mapped_on = models.DateField()
    mapped_with = models.CharField(max_length=20, choices=MappedWith.choices)
    meeting = models.ForeignKey(
        "journey.Event",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The meeting the mapping was done at.",
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_mapping"
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_event = models.ForeignKey(
        "journey.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = history()

    class Meta:
        ordering = ["-mapped_on", "-pk"]

    def __str__(self) -> str:
        return f"Mapping of {self.mapped_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("mapping:mapping", args=[self.child_id, self.pk])

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None


class Source(models.TextChoices):
    """Who said or saw it: the handbooks ask practitioners to triangulate these."""

    CHILD = "child", "The child"
    PARENT = "parent", "A parent or carer"
    NETWORK = "network", "A network member"
    PROFESSIONAL = "professional", "A professional"
    OBSERVATION = "observation", "Observed by the practitioner"


class Kind(models.TextChoices):
    FACT = "fact", "Fact"
    OPINION = "opinion", "Opinion or judgement"


class MappingEntry(RecordModel):
    """One thing written in one domain of a mapping: what, who said or saw it, fact or opinion, when.

    Retiring an entry archives it with a reason; it stays in the mapping's history.
    """

    mapping = models.ForeignKey(Mapping, on_delete=models.PROTECT, related_name="entries")
    domain = models.CharField(max_length=30, choices=DOMAIN_CHOICES)
    text = models.TextField()
    source = models.CharField(max_length=20, choices=Source.choices)
    source_name = models.CharField(
        "Who said or saw it",
        max_length=200,
        blank=True,
        help_text="For example: Amy (mum), Mr Shah (teacher).",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    noticed_on = models.DateField(null=True, blank=True, help_text="When it was said, seen or happened.")
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    # The harm matrix (harm domain): how often and over how long; incidents are HarmIncident rows.
    harm_frequency = models.CharField("How often", max_length=200, blank=True)
    harm_timespan = models.CharField("Over how long", max_length=200, blank=True)
    history = history()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "mapping entries"

    def __str__(self) -> str:
        return self.text[:60]


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    SERIOUS = "serious", "Serious"
    SEVERE = "severe", "Severe"


class Occasion(models.TextChoices):
    FIRST = "first", "First"
    WORST = "worst", "Worst"
    LATEST = "latest", "Latest"


class HarmIncident(RecordModel):
    """The first, worst or latest incident of a harm entry, with its severity (the harm matrix)."""

    entry = models.ForeignKey(MappingEntry, on_delete=models.PROTECT, related_name="incidents")
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    occurred_on = models.DateField(null=True, blank=True)
    what_happened = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    impact = models.TextField("Impact on the child", blank=True)
    history = history()

    class Meta:
        ordering = ["entry", "occasion"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "occasion"],
                condition=models.Q(archived_at__isnull=True),
                name="harm_incident_one_per_occasion",
            )
        ]


class PairStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SHARED = "shared", "Shared with the family"
    AGREED = "agreed", "Agreed"


class DangerStatement(RecordModel):
    """A danger or worry statement (the variant names it) and, through SafetyGoal, its paired goal.

    The pair moves draft -> shared -> agreed. It carries its own variant, so a success plan can hold
    safety statements when safeguarding worries arise.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="danger_statements")
    mapping = models.ForeignKey(
        Mapping,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The mapping it was written from.",
    )
    variant = models.CharField(max_length=30)
    who_is_worried = models.TextField("Who is worried")
    worry = models.TextField("What they are worried the adults did or might do")
    impact = models.TextField("What might happen to the child if nothing changes")
    status = models.CharField(max_length=10, choices=PairStatus.choices, default=PairStatus.DRAFT)
    history = history()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.worry[:60]

    @property
    def current_goal(self) -> "SafetyGoal | None":
        # Through .all() so that a prefetch of `goals` serves every statement on a page.
        current = [g for g in self.goals.all() if g.replaced_at is None]
        return max(current, key=lambda g: g.version) if current else None


class SafetyGoal(RecordModel):
    """One version of the goal paired with a statement (safety, wellbeing, success or stability goal).

    An agreed goal is never edited: a change is a new version with a reason, and the old one stays.
    """

    statement = models.ForeignKey(DangerStatement, on_delete=models.PROTECT, related_name="goals")
    version = models.PositiveIntegerField(default=1)
    text = models.TextField("What everyone will see people doing")
    change_reason = models.CharField(max_length=500, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["statement", "version"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "version"], name="safety_goal_version_unique")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SharingAction(models.TextChoices):
    SHARED = "shared", "Shared"
    AGREED = "agreed", "Agreed"


class SharingMethod(models.TextChoices):
    MEETING = "meeting", "At a meeting"
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone or video call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class WithTheFamily(RecordModel):
    """Something shared with the family (and network): when, how, with whom, and the journey event
    that records it."""

    on = models.DateField()
    method = models.CharField(max_length=20, choices=SharingMethod.choices)
    with_whom = models.CharField("With whom", max_length=500)
    with_network = models.BooleanField(default=False)
    event = models.ForeignKey(
        "journey.Event", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True
        ordering = ["-on", "-pk"]


class StatementSharing(WithTheFamily):
    """Statements and goals shared with (or agreed by) the family and network: with whom, when, how.

    `goals` keeps the goal versions as they were, so the record shows exactly what was agreed.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="statement_sharings")
    action = models.CharField(max_length=10, choices=SharingAction.choices)
    statements = models.ManyToManyField(DangerStatement, related_name="sharings")
    goals = models.ManyToManyField(SafetyGoal, related_name="sharings", blank=True)
    history = history()

    def get_absolute_url(self) -> str:
        return reverse("mapping:statements", args=[self.child_id])


class HarmStatement(RecordModel):
    """Specific incidents of past or current harm, written for the family to read."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="harm_statements")
    mapping = models.ForeignKey(Mapping, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    history = history()

    class Meta:
        ordering = ["pk"]

    def get_absolute_url(self) -> str:
        return reverse("mapping:statements", args=[self.child_id])


class Polarity(models.TextChoices):
    MUST = "must", "Must"
    MUST_NOT = "must_not", "Must not"


class BottomLine(RecordModel):
    """A professional's minimum condition for a goal: what must or must not happen."""

    statement = models.ForeignKey(DangerStatement, on_delete=models.PROTECT, related_name="bottom_lines")
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    text = models.TextField()
    history = history()

    class Meta:
        ordering = ["pk"]


class ScalingQuestion(RecordModel):
    """A 0 to 10 question for a statement and its goal, with both ends defined in words."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="scaling_questions")
    statement = models.ForeignKey(
        DangerStatement, null=True, blank=True, on_delete=models.PROTECT, related_name="scaling_questions"
    )
    question = models.TextField()
    zero_means = models.TextField("0 means")
    ten_means = models.TextField("10 means")
    history = history()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.question[:80]

    def get_absolute_url(self) -> str:
        return reverse("mapping:scaling", args=[self.child_id, self.pk])


class ScorerRole(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent or carer"
    NETWORK = "network", "Family or network member"
    PRACTITIONER = "practitioner", "Social worker or practitioner"
    PROFESSIONAL = "professional", "Other professional"
    CHAIR = "chair", "Chair or reviewing officer"


class ScalingScore(RecordModel):
    """One person's score on one question on one date (or at one meeting), with their reasons."""

    question = models.ForeignKey(ScalingQuestion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    scored_on = models.DateField()
    meeting = models.ForeignKey(
        "journey.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        "councils.StaffMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("Who", max_length=200)
    role = models.CharField(max_length=20, choices=ScorerRole.choices)
    why_not_lower = models.TextField("What makes it this number and not lower", blank=True)
    to_move_up = models.TextField("What would move it one point up", blank=True)
    history = history()

    class Meta:
        ordering = ["scored_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10), name="scaling_score_0_to_10"
            )
        ]

    @property
    def scorer_key(self) -> str:
        """Whose line on the chart this score is on: the same person across dates."""
        if self.person_id:
            return f"person:{self.person_id}"
        if self.staff_id:
            return f"staff:{self.staff_id}"
        return f"name:{self.name.strip().lower()}"


class NextStep(RecordModel):
    """An action: who, what, by when, for which statement. Done, it becomes a next_step_done event."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="next_steps")
    statement = models.ForeignKey(
        DangerStatement, null=True, blank=True, on_delete=models.PROTECT, related_name="next_steps"
    )
    mapping = models.ForeignKey(
        Mapping, null=True, blank=True, on_delete=models.PROTECT, related_name="next_steps"
    )
    what = models.TextField()
    owner_staff = models.ForeignKey(
        "councils.StaffMember", null=True, blank=True, on_delete=models.PROTECT, related_name="next_steps"
    )
    owner_name = models.CharField("Who (if not a member of staff)", max_length=200, blank=True)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.CharField(max_length=500, blank=True)
    done_event = models.ForeignKey(
        "journey.Event", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = history()

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        indexes = [models.Index(fields=["owner_staff", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def owner(self) -> str:
        return str(self.owner_staff) if self.owner_staff_id else self.owner_name

    def get_absolute_url(self) -> str:
        return reverse("mapping:statements", args=[self.child_id])


class OnePageViewGiven(WithTheFamily):
    """A one-page view given to the family (and network): when, how, to whom, the mapping it showed
    and the view itself as it was then. Recording it records the `one_page_view_given` event
    (decision 0103)."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="one_page_views_given")
    mapping = models.ForeignKey(
        Mapping,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The mapping the view showed when it was given.",
    )
    content = models.TextField(
        editable=False, help_text="The one-page view as it was given (its HTML, drawn by Kinmap)."
    )
    history = history()

    def get_absolute_url(self) -> str:
        return reverse("mapping:one_page_given_view", args=[self.child_id, self.pk])
