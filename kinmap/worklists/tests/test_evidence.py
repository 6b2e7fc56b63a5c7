"""The dashboard tells evidence made in the record from evidence recorded by hand (decision 0107),
naming it in the council's words, on the page and in its exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from kinmap.core.testing import make_child, make_council, make_event, make_staff, make_team
from kinmap.councils.models import Role
from kinmap.journey.services import event_record
from kinmap.mapping import services as mapping
from kinmap.rules.packs import load_pack
from kinmap.rules.services import check_child
from kinmap.worklists.tests.html import tables

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MEETING_DAY = TODAY - timedelta(days=3)
RULE = next(r for r in load_pack("knowsley").rules if r.id == "knw-cincp-scaling-meetings")


@pytest.fixture
def dashboard(client):
    """Three Knowsley children with a child in need review: scaled in the record, ticked by hand,
    and not scaled at all."""
    council = make_council(name="Knowsley", pack_name="knowsley")
    team = make_team(council=council, name="Child in Need Team", service_areas=["child_in_need"])
    worker = make_staff(team=team, username="asha")
    manager = make_staff(team=team, username="mia", role=Role.TEAM_MANAGER)
    children = [
        make_child(
            team=team,
            practitioner=worker,
            first_name=name,
            service_area="child_in_need",
            started_on=TODAY - timedelta(days=60),
        )
        for name in ("Sam", "Lee", "Kai")
    ]
    for child in children:
        make_event(child=child, type="cin_review", occurred_on=MEETING_DAY)
    question = mapping.scaling_question_create(
        by=worker.user, child=children[0], question="How safe is Sam?", zero_means="Not", ten_means="Safe"
    )
    mapping.scaling_round_record(
        by=worker.user,
        question=question,
        scored_on=MEETING_DAY,
        scores=[mapping.ScoreInput(score=5, role="parent", name="Amy")],
    )
    event_record(
        by=worker.user, child=children[1], type="scaling_recorded", occurred_on=MEETING_DAY, attributes={}
    )
    for child in children:
        check_child(child=child, as_of=TODAY)
    client.force_login(manager.user)
    return {"start": (TODAY - timedelta(days=30)).isoformat(), "end": TODAY.isoformat(), "team": team.pk}


def test_the_dashboard_shows_evidence_in_the_record_apart_from_recorded_by_hand(client, dashboard):
    html = client.get("/team/dashboard/", dashboard).content.decode()
    evidence = tables(html)["Evidence by rule: in the record or recorded by hand"]
    assert evidence[0] == ["Rule", "Evidence", "In the record", "Recorded by hand"]
    row = next(r for r in evidence if r[0] == RULE.title)
    assert row == [RULE.title, "Scaling recorded", "1", "1"]  # Kai's review was not scaled: not evidence


def test_the_evidence_export_names_the_rule_the_evidence_and_the_period(client, dashboard):
    response = client.get("/team/dashboard/by-evidence.csv", dashboard)
    assert response["Content-Disposition"].startswith('attachment; filename="evidence-knowsley-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(rows[0], next(r for r in rows if r[0] == RULE.id), strict=True))
    assert (
        record["Evidence"],
        record["Made in Kinmap"],
        record["In the record"],
        record["Recorded by hand"],
    ) == (
        "Scaling recorded",
        "Yes",
        "1",
        "1",
    )
    assert (record["From"], record["To"], record["Team"]) == (
        dashboard["start"],
        dashboard["end"],
        "Child in Need Team",
    )


def test_the_drilldown_tags_each_piece_of_evidence(client, dashboard):
    html = client.get(f"/team/dashboard/rules/{RULE.id}/", dashboard).content.decode()
    assert html.count("In the record</strong>") == 1 and html.count("Recorded by hand</strong>") == 1
