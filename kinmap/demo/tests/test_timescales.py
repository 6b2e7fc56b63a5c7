"""The demo's journeys take their timescales from the council's pack, counted on the engine's calendar:
a team that is always on time meets every rule the journeys are timed by, one that never is meets none
of them in time."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

import pytest

from kinmap.demo import generator
from kinmap.demo.generator import build_demo_council
from kinmap.demo.timescales import STEPS, Timescales
from kinmap.journey.vocabulary import vocabulary
from kinmap.rules.deadlines import deadline_date
from kinmap.rules.models import RuleResult
from kinmap.rules.packs import available_packs, loaded_pack
from kinmap.rules.services import check_council

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 3, 31)


def timed_by(pack: str) -> set[str]:
    """The council's own rules the demo's steps take their timescales from, in any service area."""
    timescales, own = Timescales(pack=pack), {r.id for r in loaded_pack(pack).pack.rules}
    return {
        timing.rule
        for step in STEPS.values()
        for service in vocabulary().services
        for timing in timescales.timings(step, service=service)
        if timing.rule in own
    }


def with_timeliness(monkeypatch, share: float) -> None:
    """Every team of the demo council on time with this chance."""
    staff = generator._staff

    def timely_staff(**kwargs):
        staffing = staff(**kwargs)
        staffing.timeliness = dict.fromkeys(staffing.timeliness, share)
        return staffing

    monkeypatch.setattr(generator, "_staff", timely_staff)


@pytest.mark.parametrize("pack", ["northumberland", "redcar-cleveland"])
def test_a_team_always_on_time_meets_the_rules_the_journeys_are_timed_by(monkeypatch, pack):
    """A step done on time lands on or before the pack's deadline as the engine computes it. (The few
    late results left are the journeys' own: a visit where the child was not seen does not count, a
    youth court's first hearing comes before anyone could write a report for it.)"""
    with_timeliness(monkeypatch, 1.0)
    council = build_demo_council(children=80, seed=4, pack=pack, as_of=AS_OF).council
    check_council(council=council, as_of=AS_OF)
    rules = timed_by(pack)
    assert len(rules) >= 10
    statuses = Counter(
        RuleResult.objects.filter(child__council=council, rule_id__in=rules).values_list("status", flat=True)
    )
    assert statuses["met"] > 300
    assert statuses["met_late"] + statuses["overdue"] < statuses["met"] / 50


def test_a_team_never_on_time_meets_the_rules_late_or_not_at_all(monkeypatch):
    """A step done late lands after the pack's deadline. Visits, assessments and network meetings are
    left out: the journeys make them for several reasons, and one made for another can fall in time."""
    with_timeliness(monkeypatch, 0.0)
    council = build_demo_council(children=80, seed=4, as_of=AS_OF).council
    check_council(council=council, as_of=AS_OF)
    many = {"home_visit", "assessment_completed", "family_network_meeting"}
    rules = {
        r.id
        for r in loaded_pack("northumberland").pack.rules
        if r.id in timed_by("northumberland") and not many & {c.event for c in r.requires}
    }
    assert len(rules) >= 8
    statuses = Counter(
        RuleResult.objects.filter(child__council=council, rule_id__in=rules).values_list("status", flat=True)
    )
    assert statuses["met_late"] + statuses["overdue"] > 100
    assert statuses["met"] == 0


def test_a_step_follows_the_councils_pack_when_the_pack_changes(settings, tmp_path):
    """A council whose pack asks for the first core group sooner gets its core groups sooner."""
    shutil.copy(settings.PACKS_DIR / "england.yaml", tmp_path / "england.yaml")
    (tmp_path / "quick.yaml").write_text(
        (settings.PACKS_DIR / "england.yaml")
        .read_text(encoding="utf-8")
        .replace("pack: england", "pack: quick", 1)
        .replace("{amount: 10, unit: working_days}", "{amount: 4, unit: working_days}"),
        encoding="utf-8",
    )
    settings.PACKS_DIR = tmp_path
    assert available_packs() == ["england", "quick"]
    start = date(2026, 3, 2)
    quick, england = Timescales(pack="quick"), Timescales(pack="england")
    assert quick.deadline("first_core_group", start, service="child_protection") == deadline_date(
        start, amount=4, unit="working_days"
    )
    assert england.deadline("first_core_group", start, service="child_protection") == deadline_date(
        start, amount=10, unit="working_days"
    )


def test_every_step_has_a_timescale_whichever_pack_the_council_works_to():
    for pack in available_packs():
        timescales = Timescales(pack=pack)
        for key in STEPS:
            for service in vocabulary().services:
                assert timescales.deadline(key, AS_OF, service=service) is not None
