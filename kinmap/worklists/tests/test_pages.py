"""The worklist, the dashboard with its drill-downs and exports, and the child's timescales, in use."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from kinmap.rules.deadlines import add_working_days
from kinmap.rules.models import RuleResult, Status
from kinmap.rules.packs import load_pack
from kinmap.rules.services import check_child
from kinmap.worklists.tests import scene as scenes
from kinmap.worklists.tests.html import row_for, tables

pytestmark = pytest.mark.django_db

RULE = load_pack("england").rules[0]  # the referral decision rule the scene is built on
assert RULE.id == scenes.REFERRAL_RULE


@pytest.fixture
def scene():
    return scenes.build()


def page(client, staff, url: str, **params) -> str:
    client.force_login(staff.user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The worklist ---------------------------------------------------------------------------------


def test_worklist_shows_overdue_then_due_for_the_practitioners_own_children_only(client, scene):
    html = page(client, scene.asha, "/worklist/")
    found = tables(html)
    overdue, due = found["Overdue (1)"], found["Due in the next 5 working days (1)"]
    assert row_for(overdue, "Overdue")[1:4] == ["Sam Testcase", RULE.title, "Statutory"]
    assert "9 working days overdue" in row_for(overdue, "Overdue")[4]  # due the working day after
    assert row_for(due, "Due")[1] == "Lee Testcase"
    assert "1 working day left" in row_for(due, "Due")[4]
    assert html.index("Sam Testcase") < html.index("Lee Testcase")
    # Met, met late, not yet near, and other practitioners' children are not Asha's work now.
    for name in ("Kai Testcase", "Ria Testcase", "Mo Testcase", "Zed Testcase"):
        assert name not in html
    steps = found["Next steps you own (1)"]
    assert steps[1][1:3] == ["Sam Testcase", "Ring Sam's school about his attendance"]
    assert "Book the family network meeting" not in html  # due beyond the five working days
    assert "Visit Mo's grandmother" not in html  # Ben's


def test_recording_the_decision_through_the_page_takes_the_child_off_the_worklist(
    client, scene, django_capture_on_commit_callbacks
):
    client.force_login(scene.asha.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/children/{scene.sam.pk}/events/add/",
            {
                "type": "referral_decision",
                "occurred_on": scene.today.isoformat(),
                "attr_decision": "assessment",
            },
        )
    assert response.status_code == 302
    html = page(client, scene.asha, "/worklist/")
    found = tables(html)
    assert "Overdue (1)" not in found  # met late now: done, if after the deadline
    assert "Lee Testcase" in found["Due in the next 5 working days (1)"][1]


def test_ending_the_involvement_takes_its_duties_off_the_worklist_and_the_childs_page(
    client, scene, django_capture_on_commit_callbacks
):
    # Lee's referral came today: the decision is due tomorrow, on the worklist and Lee's page.
    assert (
        "Lee Testcase"
        in tables(page(client, scene.asha, "/worklist/"))["Due in the next 5 working days (1)"][1]
    )
    assert RULE.title in str(tables(page(client, scene.asha, scene.lee.get_absolute_url()))["Due (1)"])
    involvement = scene.lee.involvements.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/children/{scene.lee.pk}/involvements/{involvement.pk}/end/",
            {"ended_on": scene.today.isoformat(), "end_reason": "Moved out of the area"},
        )
    assert response.status_code == 302
    assert "Lee Testcase" not in page(client, scene.asha, "/worklist/")
    assert "Due (1)" not in tables(page(client, scene.asha, scene.lee.get_absolute_url()))


def test_a_worklist_with_nothing_to_do_says_so(client, scene):
    html = page(client, scene.carol, "/worklist/")  # Carol's one child, Zed, is overdue
    assert "Zed Testcase" in html
    html = page(client, scene.chair, "/worklist/")
    assert "Nothing is overdue and nothing falls due in the next 5 working days" in html


# --- The dashboard --------------------------------------------------------------------------------


def stored(scene, **filters) -> dict[str, int]:
    results = RuleResult.objects.filter(child__council=scene.council, rule_id=RULE.id, **filters)
    return {s: results.filter(status=s).count() for s in (Status.MET, Status.MET_LATE, Status.OVERDUE)}


def test_dashboard_counts_by_rule_and_practitioner_match_the_stored_results(client, scene):
    html = page(client, scene.mia, "/team/dashboard/")
    found = tables(html)
    rule = row_for(found["By rule"], RULE.title)
    # Team 1: Kai met, Ria met late, Sam and Mo overdue; Zed is the other team's.
    assert rule[1:7] == ["Statutory", "1", "1", "2", "4", "25%"]
    counts = stored(scene, team=scene.team)
    assert [int(n) for n in rule[2:5]] == [
        counts[Status.MET],
        counts[Status.MET_LATE],
        counts[Status.OVERDUE],
    ]
    assert row_for(found["By practitioner"], "Asha Reed")[1:4] == ["1", "1", "1"]
    assert row_for(found["By practitioner"], "Ben Okafor")[1:4] == ["0", "0", "1"]
    assert "Carol Dunn" not in html


def test_an_administrator_sees_every_team_or_one(client, scene):
    everyone = tables(page(client, scene.admin, "/team/dashboard/"))
    assert row_for(everyone["By rule"], RULE.title)[4] == "3"  # Sam, Mo and Zed
    assert row_for(everyone["By practitioner"], "Carol Dunn")[3] == "1"
    other = tables(
        page(
            client,
            scene.auditor,
            "/team/dashboard/",
            team=scene.other_team.pk,
            start=(scene.today - timedelta(days=90)).isoformat(),
            end=scene.today.isoformat(),
        )
    )
    assert [row[0] for row in other["By practitioner"][1:]] == ["Carol Dunn", "All practitioners"]


def test_drill_down_lists_the_children_behind_a_count(client, scene):
    html = page(client, scene.mia, "/team/dashboard/")
    link = re.search(rf'href="(/team/dashboard/rules/{RULE.id}/\?[^"]*status=overdue)"', html)
    overdue_link = link.group(1).replace("&amp;", "&")
    by_rule = tables(page(client, scene.mia, overdue_link))
    rows = by_rule["Children behind the count"][1:]
    assert sorted(r[0] for r in rows) == ["Mo Testcase", "Sam Testcase"]
    assert {r[1] for r in rows} == {"Asha Reed", "Ben Okafor"}

    html = page(
        client,
        scene.mia,
        f"/team/dashboard/practitioners/{scene.asha.pk}/",
        start=(scene.today - timedelta(days=365)).isoformat(),
        end=scene.today.isoformat(),
        team=scene.team.pk,
        status="met",
    )
    rows = tables(html)["Children behind the count"][1:]
    assert [r[0] for r in rows] == ["Kai Testcase"]
    assert rows[0][5].startswith("Decision on the referral")  # the evidence, linked
    assert f"/children/{scene.kai.pk}/events/" in html


def test_exports_hold_the_rows_the_period_and_the_pack_version(client, scene):
    client.force_login(scene.mia.user)
    params = {"start": "2026-01-01", "end": scene.today.isoformat(), "team": scene.team.pk}
    response = client.get("/team/dashboard/by-rule.csv", params)
    assert response["Content-Disposition"].startswith('attachment; filename="compliance-by-rule-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rule = rows[0], next(r for r in rows if r[0] == RULE.id)
    record = dict(zip(header, rule, strict=True))
    assert (record["Met"], record["Met late"], record["Overdue"], record["On time (%)"]) == (
        "1",
        "1",
        "2",
        "25.0",
    )
    assert (record["From"], record["To"], record["Team"]) == (
        "2026-01-01",
        scene.today.isoformat(),
        "Assessment Team 1",
    )
    assert record["Pack version"].startswith("england 2026.1 (")

    response = client.get("/team/dashboard/by-practitioner.xlsx", params)
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[0]
    asha = dict(zip(header, next(r for r in values if r[0] == "Asha Reed"), strict=True))
    assert (asha["Met"], asha["Met late"], asha["Overdue"], asha["Total"]) == (1, 1, 1, 3)
    assert asha["To"].date() == scene.today
    assert asha["Pack version"].startswith("england 2026.1")


def test_a_bad_period_is_explained_and_what_was_typed_is_kept(client, scene):
    html = page(
        client, scene.mia, "/team/dashboard/", start="31/02/2026", end="2026-01-01", team=scene.team.pk
    )
    assert "There is a problem" in html
    assert "Enter the first day of the period as a real date" in html
    assert 'value="31/02/2026"' in html
    assert "By rule" not in html
    html = page(
        client, scene.mia, "/team/dashboard/", start="2026-03-01", end="2026-01-01", team=scene.team.pk
    )
    assert "The last day of the period must be the same as or after the first day" in html
    assert 'value="2026-03-01"' in html and 'value="2026-01-01"' in html


def test_a_team_manager_sees_only_their_own_team(client, scene):
    html = page(
        client, scene.mia, "/team/dashboard/", start="2026-01-01", end="2026-12-31", team=scene.other_team.pk
    )
    assert "Select one of the teams listed" in html
    assert "All teams" not in html


@pytest.mark.parametrize("who", ["asha", "chair"])
def test_only_managers_auditors_and_administrators_see_the_dashboard(client, scene, who):
    client.force_login(getattr(scene, who).user)
    assert client.get("/team/dashboard/").status_code == 403
    assert client.get(f"/team/dashboard/rules/{RULE.id}/").status_code == 403
    assert client.get("/team/dashboard/by-rule.csv").status_code == 403
    assert "Dashboard</a>" not in client.get("/worklist/").content.decode()


# --- The child's timescales -----------------------------------------------------------------------


def test_the_childs_page_shows_each_rules_state_with_its_quote_and_pack_version(client, scene):
    html = page(client, scene.asha, f"/children/{scene.sam.pk}/")
    found = tables(html)
    overdue = found["Overdue (1)"]
    assert overdue[1][0].startswith(f"Overdue {RULE.title}")
    assert RULE.source.quote in overdue[1][0]
    assert f"Source: {RULE.source.file}, {RULE.source.section}" in overdue[1][0]
    assert "pack england, version 2026.1" in html
    assert f"Not applicable to Sam Testcase now ({len(load_pack('england').rules) - 1} rules)" in html

    html = page(client, scene.asha, f"/children/{scene.ria.pk}/")
    met_late = tables(html)["Met late (1)"][1]
    assert met_late[4].startswith("Decision on the referral")
    assert "Due (1)" in html  # the assessment, 45 working days from the referral


def test_a_due_result_whose_date_has_passed_shows_as_overdue(client, scene):
    check_child(child=scene.lee, as_of=scene.today)  # due the next working day
    RuleResult.objects.filter(child=scene.lee).update(due_on=add_working_days(scene.today, -1))
    html = page(client, scene.asha, f"/children/{scene.lee.pk}/")
    assert "Overdue (1)" in html and "1 working day overdue" in html
