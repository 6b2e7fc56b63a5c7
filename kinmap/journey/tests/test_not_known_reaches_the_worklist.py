"""End to end: "Not known" chosen on the event form becomes a fact to record on the worklist, never
"not applicable" (decision 0105, with the engine's reading of not_known as a missing fact)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kinmap.core.testing import make_child, make_staff, make_team

pytestmark = pytest.mark.django_db


def test_a_conference_whose_outcome_is_not_known_asks_for_it_on_the_worklist(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    worker = make_staff(team=make_team(name="Assessment Team 1"), username="asha")
    child = make_child(practitioner=worker, first_name="Jo", started_on=today - timedelta(days=60))
    client.force_login(worker.user)
    held = today - timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):  # the follow-ups after the commit
        response = client.post(
            f"/children/{child.pk}/events/add/",
            {
                "type": "initial_child_protection_conference",
                "occurred_on": held.isoformat(),
                "attr_outcome": "not_known",
            },
        )
    assert response.status_code == 302  # and the child's rules were checked again before the next page
    worklist = client.get("/worklist/").content.decode()
    assert (
        f"Record the outcome of the initial child protection conference on {held.day} {held:%B %Y}"
        in worklist
    )
