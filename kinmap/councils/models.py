"""Councils, their teams and staff. One Kinmap serves many councils, each with its own pack."""

from django.conf import settings
from django.db import models

from kinmap.core.models import history


class Council(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    pack_name = models.CharField(
        max_length=100,
        default="england",
        help_text="The rule pack this council works to (packs/<name>.yaml).",
    )
    history = history()

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    service_areas = models.JSONField(
        default=list, blank=True, help_text="Service area keys this team works in (see docs/vocabulary.md)."
    )
    history = history()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="team_name_unique_in_council")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    CHAIR = "chair", "Conference chair or independent reviewing officer"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


class StaffMember(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="staff")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(
        max_length=100, blank=True, help_text="Social worker, family worker, personal adviser..."
    )
    history = history()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class AccessGrant(models.Model):
    """An administrator lets a staff member see another team's children (or the whole council's)."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="grants")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, help_text="Leave empty for the whole council."
    )
    reason = models.CharField(max_length=300)
    granted_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty for no end date.")
    history = history()

    def __str__(self) -> str:
        return f"{self.staff}: {self.team or 'whole council'}"
