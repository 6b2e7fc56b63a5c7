"""Bad input on every journey form: a clear message, the error title, and what was typed kept."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kinmap.core.testing import form_values, make_child, make_event, make_staff, make_team

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.fixture
def setup(client):
    team = make_team()
    worker = make_staff(team=team)
    child = make_child(practitioner=worker, started_on=date(2026, 1, 5))
    visit = make_event(
        child=child, type="home_visit", occurred_on=date(2026, 1, 7), attributes={"child_seen": True}
    )
    client.force_login(worker.user)
    return {"child": child, "involvement": child.involvements.get(), "visit": visit, "team": team}


CASES = {
    "add an involvement": (
        "/children/{child}/involvements/add/",
        lambda s: {
            "service_area": "child_in_need",
            "team": s["team"].pk,
            "started_on": TOMORROW,
            "variant": "safety",
        },
        "The start date must be today or in the past",
        {"service_area": "child_in_need", "variant": "safety", "started_on": TOMORROW},
    ),
    "add a second open involvement in the same service area": (
        "/children/{child}/involvements/add/",
        lambda s: {"service_area": "assessment", "team": s["team"].pk, "started_on": "2026-02-01"},
        "already has an open assessment involvement",
        {"started_on": "2026-02-01"},
    ),
    "end an involvement": (
        "/children/{child}/involvements/{involvement}/end/",
        lambda s: {"ended_on": "2025-12-31", "end_reason": "Stepped down to early help"},
        "The end date must be on or after the start date, 5 January 2026",
        {"end_reason": "Stepped down to early help", "ended_on": "2025-12-31"},
    ),
    "transfer": (
        "/children/{child}/involvements/{involvement}/transfer/",
        lambda s: {
            "to_team": make_team(name="Child in Need Team 2").pk,
            "transferred_on": "2026-02-02",
            "reason": "",
        },
        "Enter why the involvement is being transferred",
        {"transferred_on": "2026-02-02"},
    ),
    "add an event": (
        "/children/{child}/events/add/",
        lambda s: {
            "type": "home_visit",
            "occurred_on": TOMORROW,
            "attr_child_seen": "yes",
            "attr_location": "school",
            "summary": "Sam showed me his drawings",
        },
        "Only meetings can be booked ahead",
        {"summary": "Sam showed me his drawings", "attr_location": "school", "attr_child_seen": "yes"},
    ),
    "add an event with no type": (
        "/children/{child}/events/add/",
        lambda s: {"occurred_on": "2026-02-01", "summary": "Phoned school"},
        "Select what happened",
        {"summary": "Phoned school", "occurred_on": "2026-02-01"},
    ),
    "add an event with a number that is not one": (
        "/children/{child}/events/add/",
        lambda s: {"type": "strategy_discussion", "occurred_on": "2026-02-01", "attr_agencies": "three"},
        "Partner agencies taking part must be a whole number",
        {"attr_agencies": "three"},
    ),
    "correct an event": (
        "/children/{child}/events/{visit}/correct/",
        lambda s: {
            "type": "home_visit",
            "occurred_on": "2026-01-08",
            "attr_child_seen": "no",
            "correction_reason": "",
        },
        "Enter what was wrong with the event",
        {"occurred_on": "2026-01-08", "attr_child_seen": "no"},
    ),
}


@pytest.mark.parametrize("case", CASES.keys())
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, setup, case):
    url, data, message, kept = CASES[case]
    ids = {"child": setup["child"].pk, "involvement": setup["involvement"].pk, "visit": setup["visit"].pk}
    response = client.post(url.format(**ids), data(setup))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the summary at the top and by the field
    values = form_values(page)
    for name, value in kept.items():
        assert values.get(name) == [value], name
