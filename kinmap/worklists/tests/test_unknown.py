"""A fact the record lacks, as a practitioner, a manager and the child's page see it.

An initial conference recorded without its outcome, for a child still in assessment: the first
core group and the first review conference cannot be judged. They are never "not applicable": the
worklist asks for the outcome, the child's page says so, and the dashboard counts them apart.
"""

import csv
import io
import re

import pytest

from kinmap.core.testing import make_child, make_event
from kinmap.journey.models import Event
from kinmap.rules.models import RuleResult, Status
from kinmap.rules.services import check_child
from kinmap.worklists.tests import scene as scenes
from kinmap.worklists.tests.html import row_for, tables


def row_with(table: list[list[str]], text: str) -> list[str]:
    return next(row for row in table if any(text in cell for cell in row))


pytestmark = pytest.mark.django_db

CORE_GROUP = "Hold the first core group within 10 working days of the initial conference"
REVIEW = "Hold the first review conference within three months of the initial conference"


def add_conference_without_outcome(scene):
    """Jo, Asha's, still in assessment: an initial conference 15 working days ago, outcome not recorded."""
    scene.jo = make_child(
        practitioner=scene.asha,
        team=scene.team,
        first_name="Jo",
        last_name="Testcase",
        started_on=scenes.wd_ago(scene.today, 40),
    )
    held = scenes.wd_ago(scene.today, 15)
    scene.conference = make_event(
        child=scene.jo, type="initial_child_protection_conference", occurred_on=held
    )
    check_child(child=scene.jo, as_of=scene.today)
    return scene


@pytest.fixture
def scene():
    return add_conference_without_outcome(scenes.build())


def page(client, staff, url: str, **params) -> str:
    client.force_login(staff.user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def asked_for(scene) -> str:
    held = scene.conference.occurred_on
    return f"Record the outcome of the initial child protection conference on {held.day} {held:%B %Y}"


def test_the_results_are_stored_as_unknown_naming_the_event_and_the_attribute(scene):
    stored = RuleResult.objects.filter(child=scene.jo, status=Status.UNKNOWN)
    assert sorted(r.rule_id for r in stored) == [
        "eng-first-core-group-10-working-days",
        "eng-first-review-conference-3-months",
    ]
    assert {(r.missing_event_id, r.missing_attribute) for r in stored} == {(scene.conference.pk, "outcome")}


def test_the_worklist_asks_for_the_outcome(client, scene):
    html = page(client, scene.asha, "/worklist/")
    facts = tables(html)["Facts to record (2)"]
    row = row_with(facts, CORE_GROUP)
    assert row[:3] == ["Unknown", "Jo Testcase", asked_for(scene)]
    assert row_with(facts, REVIEW)[:3] == ["Unknown", "Jo Testcase", asked_for(scene)]
    assert "Jo Testcase" not in html.split("Facts to record")[0]  # nowhere else on the page first


def test_recording_the_outcome_turns_the_unknown_into_a_duty(client, scene):
    Event.objects.filter(pk=scene.conference.pk).update(attributes={"outcome": "child_protection_plan"})
    check_child(child=scene.jo, as_of=scene.today)
    html = page(client, scene.asha, "/worklist/")
    assert "Facts to record" not in html
    assert row_with(tables(html)["Overdue (2)"], CORE_GROUP)[1] == "Jo Testcase"


def test_not_known_is_asked_for_in_the_same_words(client, scene):
    Event.objects.filter(pk=scene.conference.pk).update(attributes={"outcome": "not_known"})
    check_child(child=scene.jo, as_of=scene.today)
    assert asked_for(scene) in page(client, scene.asha, "/worklist/")


def test_the_childs_page_shows_the_unknown_rules_and_what_to_record(client, scene):
    html = page(client, scene.asha, f"/children/{scene.jo.pk}/")
    unknown = tables(html)["Unknown (2)"]
    assert unknown[1][0].startswith("Unknown Hold the first")
    assert all(asked_for(scene) in row[0] for row in unknown[1:])
    assert CORE_GROUP not in html.split("Not applicable to")[-1]  # not listed as not applicable


def test_the_dashboard_counts_unknown_apart_from_the_totals(client, scene):
    found = tables(page(client, scene.mia, "/team/dashboard/"))
    header = found["By rule"][0]
    rule = row_for(found["By rule"], CORE_GROUP)
    assert header[-1] == "Unknown"
    assert (rule[2:6], rule[-1]) == (["0", "0", "0", "0"], "1")
    # The first review would fall due in three months: not in this period.
    assert REVIEW not in [row[0] for row in found["By rule"]]
    everyone = row_for(found["By rule"], "All rules")
    assert (everyone[5], everyone[-1]) == ("4", "1")  # the referral results only: unknown is in no total


def test_the_unknown_count_lists_the_children_behind_it(client, scene):
    html = page(client, scene.mia, "/team/dashboard/")
    link = re.search(r'href="([^"]*eng-first-core-group-10-working-days/[^"]*status=unknown)"', html)
    assert link, "the unknown count links to the children behind it"
    behind = tables(page(client, scene.mia, link.group(1).replace("&amp;", "&")))
    assert row_for(behind["Children behind the count"], "Jo Testcase")[1:3] == ["Asha Reed", "Unknown"]


def test_the_export_carries_the_unknown_count(client, scene):
    html = page(client, scene.mia, "/team/dashboard/")
    link = re.search(r'href="([^"]*by-rule\.csv[^"]*)"', html)
    assert link
    response = client.get(link.group(1).replace("&amp;", "&"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(
        zip(rows[0], next(r for r in rows if r[0] == "eng-first-core-group-10-working-days"), strict=True)
    )
    assert (record["Unknown"], record["Total"]) == ("1", "0")
