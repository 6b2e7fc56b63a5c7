"""The JSON API: its OpenAPI schema, a write through the same services, and the same refusals as the pages."""

from datetime import date

import pytest
from django.test import Client

from kinmap.core.testing import make_child, make_council, make_event, make_staff, make_team
from kinmap.mapping import services
from kinmap.mapping.models import DangerStatement, SafetyGoal

pytestmark = pytest.mark.django_db
PAIR = {
    "who_is_worried": "School and Nan",
    "worry": "Dad pushes Mum when he drinks",
    "impact": "Sam could be hurt",
    "goal": "Nan collects Sam when Dad drinks",
}


@pytest.fixture
def api(worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker.user)
    client.get("/sign-in/")  # sets the CSRF cookie, as the browser has it
    return client


def csrf(client) -> dict:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_the_openapi_schema_describes_mappings_statements_and_scores(api):
    schema = api.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/children/{child_id}/mappings" in paths
    assert {"get", "put"} <= set(paths["/api/children/{child_id}/statements/{statement_id}"])
    assert "post" in paths["/api/children/{child_id}/scaling-questions/{question_id}/scores"]
    assert (
        schema["components"]["schemas"]["StatementOut"]["properties"]["status"]["description"]
        == "draft, shared or agreed"
    )
    assert api.get("/api/docs").status_code == 200


def test_writing_a_statement_and_goal(api, child):
    response = api.post(
        f"/api/children/{child.pk}/statements", PAIR, content_type="application/json", **csrf(api)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["statement_name"], body["goal_name"], body["status"]) == (
        "Danger statement",
        "Safety goal",
        "draft",
    )
    assert body["goals"] == [
        {"version": 1, "text": "Nan collects Sam when Dad drinks", "change_reason": "", "current": True}
    ]
    assert (
        DangerStatement.objects.get(child=child).created_by == child.involvements.get().lead_practitioner.user
    )


def test_changing_an_agreed_goal_without_a_reason_is_refused(api, worker, child):
    statement = services.statement_pair_create(by=worker.user, child=child, **PAIR)
    services.statements_share(
        by=worker.user,
        child=child,
        statements=[statement],
        on=date(2026, 2, 2),
        method="meeting",
        with_whom="Mum",
    )
    services.statements_agree(
        by=worker.user,
        child=child,
        statements=[statement],
        on=date(2026, 2, 2),
        method="meeting",
        with_whom="Mum",
    )
    response = api.put(
        f"/api/children/{child.pk}/statements/{statement.pk}",
        {**PAIR, "goal": "Sam sleeps at Nan's"},
        content_type="application/json",
        **csrf(api),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "reason"
    assert "Give a reason for changing them" in response.json()["detail"][0]["message"]
    assert SafetyGoal.objects.filter(statement=statement).count() == 1


def test_no_access_to_a_child_the_staff_member_cannot_see(worker, child):
    other = make_council(name="Elsewhere")
    stranger = make_staff(team=make_team(council=other, name="Their Team"), username="stranger")
    theirs = make_child(practitioner=stranger)
    client = Client()
    client.force_login(worker.user)
    assert client.get(f"/api/children/{theirs.pk}/statements").status_code == 404
    assert Client().get(f"/api/children/{child.pk}/statements").status_code == 401


def test_a_write_without_the_csrf_token_is_refused(api, child):
    response = api.post(f"/api/children/{child.pk}/statements", PAIR, content_type="application/json")
    assert response.status_code == 403 and not DangerStatement.objects.exists()


def test_a_write_through_the_api_rechecks_the_child_and_says_who_and_why(
    api, worker, child, django_capture_on_commit_callbacks
):
    make_event(child=child, type="section_47_started", occurred_on=date(2026, 1, 5))  # starts a clock
    assert "has not been checked" in api.get(child.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/children/{child.pk}/statements", PAIR, content_type="application/json", **csrf(api)
        )
    assert response.status_code == 201
    assert "Checked on" in api.get(child.get_absolute_url()).content.decode()
    version = DangerStatement.history.get(id=response.json()["id"])
    assert (version.history_user, version.history_change_reason) == (
        worker.user,
        "Statement and goal written",
    )
