"""The dashboard's period and team, and the administrator's choice of pack."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import QuerySet

from kinmap.core.forms import GovukForm
from kinmap.councils.models import Team
from kinmap.rules.models import Status
from kinmap.worklists.selectors import SHOWN, AvailablePack

DEFAULT_MONTHS = 3


def default_period(today: date) -> tuple[date, date]:
    """The last three months, today included."""
    return today - relativedelta(months=DEFAULT_MONTHS) + relativedelta(days=1), today


class PeriodForm(GovukForm):
    """Which results the dashboard counts: those whose deadline fell in the period, for one team or all.

    A GET form: its address is the dashboard's state, so a view can be bookmarked and shared and each
    count's drill-down and export carry the same period.
    """

    start = forms.DateField(
        label="From",
        error_messages={
            "required": "Enter the first day of the period",
            "invalid": "Enter the first day of the period as a real date, for example 2026-09-01",
        },
    )
    end = forms.DateField(
        label="To",
        error_messages={
            "required": "Enter the last day of the period",
            "invalid": "Enter the last day of the period as a real date, for example 2026-11-30",
        },
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Team",
        error_messages={
            "required": "Select a team",
            "invalid_choice": "Select one of the teams listed",
        },
    )

    def __init__(self, *args, teams: QuerySet[Team], all_teams: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams
        team.required = not all_teams
        team.empty_label = "All teams" if all_teams else None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day of the period must be the same as or after the first day")
        return data


class DrilldownForm(PeriodForm):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "All")] + [(s.value, s.label) for s in Status if s in SHOWN],
        error_messages={"invalid_choice": "Choose met, met late, overdue or unknown"},
    )


class PackForm(GovukForm):
    pack_name = forms.ChoiceField(
        label="Which pack does the council work to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a pack", "invalid_choice": "Select one of the packs listed"},
        help_text="Every child is checked against the pack once you save; this page shows how far the "
        "check has got. Choose the same pack again to check every child against its file as it is now.",
    )

    def __init__(self, *args, packs: list[AvailablePack], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["pack_name"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (p.name, f"{p.title} ({p.name} {p.version}, {p.rules} rules)") for p in packs if not p.problems
        ]
