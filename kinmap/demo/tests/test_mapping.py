"""The demo's showcase children have real mapping content: a mapping, agreed statements and goals in
plain words, scaling over the months, and next steps, with the journey's events on the same days."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from kinmap.demo import generator
from kinmap.demo.generator import build_demo_council
from kinmap.journey.models import Event
from kinmap.language.services import check_plain_language
from kinmap.mapping.models import DangerStatement, Mapping, NextStep, PairStatus, ScalingScore, ScorerRole
from kinmap.rules.schema import MAPPING_DOMAINS

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 3, 31)
MAPPING_EVENTS = ("mapping_completed", "statements_shared", "statements_agreed", "scaling_recorded")


def test_a_showcase_child_has_a_complete_mapping_agreed_pairs_and_scaling_over_the_months():
    council = build_demo_council(children=60, seed=1, as_of=AS_OF).council
    # The showcase mappings (with the practitioner's next steps; every other child's are light).
    mapped = Mapping.objects.filter(
        child__council=council, completed_on__isnull=False, next_steps__isnull=False
    ).distinct()
    assert mapped.exists()
    for mapping in mapped:  # each is the sign-in practitioner's child's, in all seven domains
        leads = mapping.child.involvements.filter(ended_on__isnull=True).values_list(
            "lead_practitioner__user__username", flat=True
        )
        assert {"amy.practitioner", "ben.practitioner"} & set(leads)
        # the seventh column, next steps, holds the practitioner's NextStep records
        assert set(mapping.entries.values_list("domain", flat=True)) == set(MAPPING_DOMAINS) - {"next_steps"}
        assert mapping.next_steps.exists()
        assert mapping.completed_event.occurred_on == mapping.completed_on
    showcase = []
    for mapping in mapped:
        child = mapping.child
        statements = DangerStatement.objects.filter(child=child)
        scores = ScalingScore.objects.filter(question__child=child)
        rounds = set(scores.values_list("scored_on", flat=True))
        if statements and all(s.status == PairStatus.AGREED for s in statements) and len(rounds) >= 3:
            showcase.append((child, statements, scores, rounds))
    assert showcase, "no demo child has agreed statements and three scaling rounds"
    child, statements, scores, rounds = max(showcase, key=lambda found: max(found[3]) - min(found[3]))
    assert max(rounds) - min(rounds) >= timedelta(days=60)  # over the months, not one afternoon
    for statement in statements:
        assert statement.current_goal is not None
        question = statement.scaling_questions.get()
        assert question.zero_means and question.ten_means
    roles = set(scores.values_list("role", flat=True))
    assert {ScorerRole.PARENT, ScorerRole.NETWORK, ScorerRole.PRACTITIONER} <= roles
    assert not scores.filter(why_not_lower="").exists()
    steps = NextStep.objects.filter(child=child)
    lead = child.involvements.get(ended_on__isnull=True).lead_practitioner
    assert steps and all(step.owner_staff == lead for step in steps)
    assert steps.filter(due_on__lte=AS_OF + timedelta(days=7)).exists()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_demo_statements_and_goals_are_in_plain_language(seed):
    council = build_demo_council(children=60, seed=seed, as_of=AS_OF).council
    statements = DangerStatement.objects.filter(child__council=council)
    assert statements.exists()
    for statement in statements:
        goal = statement.current_goal.text
        for text in (statement.who_is_worried, statement.worry, statement.impact, goal):
            report = check_plain_language(text=text, council=council)
            assert report.findings == [], (text, report.findings)


def test_the_mapping_content_takes_the_place_of_the_journeys_events_on_the_same_days(monkeypatch):
    def events(council) -> Counter:
        return Counter(
            (reference, type_, day)
            for reference, type_, day in Event.objects.filter(
                child__council=council, type__in=MAPPING_EVENTS
            ).values_list("child__reference", "type", "occurred_on")
        )

    with_content = build_demo_council(children=60, seed=1, as_of=AS_OF).council
    after = events(with_content)
    questions = Counter(
        DangerStatement.objects.filter(child__council=with_content).values_list("child__reference", flat=True)
    )
    rounds = Counter(
        (ref, "scaling_recorded", day)
        for ref, day in set(
            ScalingScore.objects.filter(question__child__council=with_content).values_list(
                "question__child__reference", "scored_on"
            )
        )
    )
    generator.remove_council(council=with_content)
    monkeypatch.setattr(generator, "set_aside", lambda batch, **kwargs: [])
    before = events(build_demo_council(children=60, seed=1, as_of=AS_OF).council)
    assert rounds
    for key in before | after:
        # each of a day's scaling rounds is recorded once for each question scored; all else is as it was
        times = questions[key[0]] if key in rounds else 1
        assert after[key] == before[key] * times, key
