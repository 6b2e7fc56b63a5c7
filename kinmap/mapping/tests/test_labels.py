"""The names of the variant, statements, goals and the seven columns come from the council's pack."""

from datetime import date

import pytest

from kinmap.core.testing import make_child, make_council, make_staff, make_team
from kinmap.journey.models import Involvement
from kinmap.mapping.labels import child_labels
from kinmap.rules.labels import labels_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pack", "service_area", "label", "statement", "goal", "harm", "existing", "goals"),
    [
        (
            "england",
            "child_protection",
            "Signs of Safety",
            "Danger statement",
            "Safety goal",
            "Harm",
            "Existing safety",
            "Safety goals",
        ),
        (
            "england",
            "early_help",
            "Signs of Wellbeing",
            "Worry statement",
            "Wellbeing goal",
            "Wellbeing concerns",
            "Existing wellbeing",
            "Wellbeing goals",
        ),
        (
            "england",
            "looked_after",
            "Signs of Success",
            "Worry statement",
            "Success goal",
            "Worrying behaviour",
            "Existing success",
            "Success goals",
        ),
        (
            "bexley",
            "fostering",
            "Signs of Stability",
            "Worry statement",
            "Stability goal",
            "Past Worries",
            "Existing Stability",
            "Stability Goals",
        ),
        (
            "leicester",
            "child_protection",
            "Signs of Safety",
            "Statement",
            "Safety goal",
            "Past harm",
            "Existing safety",
            "Safety goals",
        ),
    ],
)
def test_each_variant_names_the_columns_for_the_council_and_service_area(
    pack, service_area, label, statement, goal, harm, existing, goals
):
    names = labels_for(council=make_council(name=pack.title(), pack_name=pack), service_area=service_area)
    assert (names.label, names.statement, names.goal) == (label, statement, goal)
    assert (names.columns["harm"], names.columns["existing_safety"], names.columns["goals"]) == (
        harm,
        existing,
        goals,
    )


def test_the_same_service_area_is_named_differently_by_different_councils():
    england = labels_for(
        council=make_council(name="Testshire", pack_name="england"), service_area="fostering"
    )
    bexley = labels_for(council=make_council(name="Bexley", pack_name="bexley"), service_area="fostering")
    assert england.goal == "Success goal" and bexley.goal == "Stability goal"


def test_a_childs_own_variant_on_the_involvement_wins_over_the_service_area():
    team = make_team(council=make_council(), name="Looked After Team", service_areas=["looked_after"])
    child = make_child(
        practitioner=make_staff(team=team), service_area="looked_after", started_on=date(2026, 1, 5)
    )
    assert child_labels(child=child).goal == "Success goal"
    Involvement.objects.filter(child=child).update(variant="safety")
    assert child_labels(child=child).goal == "Safety goal"
    assert child_labels(child=child, variant="wellbeing").statement == "Worry statement"
