from django.db import models

from kinmap.core.models import history


class JargonTerm(models.Model):
    """A council's own addition to the plain-language word list (configuration, kept in the admin)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="jargon_terms")
    term = models.CharField(max_length=100)
    suggestion = models.CharField(max_length=200, help_text="A plainer way to say it, for a family or child.")
    history = history()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "term"], name="jargon_term_unique_in_council")
        ]
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
