"""People and their networks: the child at the centre, the people around them, how they are related.

"People are people, not cases": a Person is anyone in a child's life; a Child is a Person the
council works with. Relationships are typed and dated (enough for a genogram); NetworkMember says
who is in the child's network, their role and job, and which safety circle they sit in.
"""

from django.db import models
from django.urls import reverse

from kinmap.core.models import RecordModel, history


class Household(RecordModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="households")
    address_line_1 = models.CharField("Address line 1", max_length=200)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    history = history()

    def __str__(self) -> str:
        return ", ".join(p for p in (self.address_line_1, self.town, self.postcode) if p)


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VISIT = "visit", "Visit"


class Person(RecordModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField("Known as", max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of birth."
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField("Gender", max_length=100, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    disability = models.CharField(
        max_length=300, blank=True, help_text="Any disability, in the person's words."
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    contact_method = models.CharField(
        "How they want to be contacted", max_length=10, choices=ContactMethod.choices, blank=True
    )
    contact_times = models.CharField("When they want to be contacted", max_length=200, blank=True)
    contact_notes = models.CharField(max_length=500, blank=True)
    is_professional = models.BooleanField(default=False)
    organisation = models.CharField(max_length=200, blank=True)
    profession = models.CharField(max_length=100, blank=True)
    history = history()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["council", "last_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.known_as or self.first_name
        return f"{first} {self.last_name}".strip()


class Child(RecordModel):
    """A child the council works with. Their facts are on their Person; this holds what is theirs as a
    child."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="child")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="children")
    reference = models.CharField(
        max_length=30, blank=True, help_text="The council's own reference for the child, from other systems."
    )
    history = history()

    class Meta:
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("people:child", args=[self.pk])


class RelationshipType(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    ADOPTIVE_PARENT = "adoptive_parent", "Adoptive parent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    STEP_SIBLING = "step_sibling", "Step-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    COUSIN = "cousin", "Cousin"
    PARTNER = "partner", "Partner"
    EX_PARTNER = "ex_partner", "Ex-partner"
    FRIEND = "friend", "Friend"
    NEIGHBOUR = "neighbour", "Neighbour"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


class Relationship(RecordModel):
    """`from_person` is the `kind` of `to_person`: Ann is the parent of Sam."""

    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipType.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    history = history()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="relationship_not_with_self"
            ),
        ]


class NetworkRole(models.TextChoices):
    SAFETY_PERSON = "safety_person", "Safety person"
    SUPPORT = "support", "Support"
    PROFESSIONAL = "professional", "Professional"


class SafetyCircle(models.TextChoices):
    INNER = "inner", "Inner circle"
    MIDDLE = "middle", "Middle circle"
    OUTER = "outer", "Outer circle"


class NetworkMember(RecordModel):
    """A person in the child's naturally connected network, their role, their job and how close they are."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="network")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="networks")
    role = models.CharField(max_length=20, choices=NetworkRole.choices)
    job = models.CharField(
        "Their job in the plan",
        max_length=500,
        blank=True,
        help_text="What this person will do to keep the child safe and well.",
    )
    circle = models.CharField(max_length=10, choices=SafetyCircle.choices, default=SafetyCircle.MIDDLE)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["circle", "person__last_name"]
