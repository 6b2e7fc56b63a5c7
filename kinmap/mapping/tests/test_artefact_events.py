"""What is made in the record records its own event, linked to what was made (decision 0103)."""

from datetime import date

import pytest

from kinmap.core.testing import make_staff, make_team
from kinmap.councils.models import Role
from kinmap.journey.models import Event
from kinmap.mapping import services
from kinmap.mapping.models import OnePageViewGiven

ON = date(2026, 2, 2)


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_completing_a_mapping_on_its_page_records_an_event_that_links_to_it(signed_in, worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="harm",
        data=services.EntryInput(text="Sam had a bruise on his arm", source="professional", kind="fact"),
    )
    response = signed_in.post(
        f"/children/{child.pk}/mapping/{mapping.pk}/complete/", {"completed_on": "2026-02-03"}
    )
    assert response.status_code == 302
    event = Event.objects.get(child=child, type="mapping_completed")
    assert (event.artefact_type, event.artefact_id) == ("mapping.mapping", mapping.pk)

    html = page(signed_in.get(f"/children/{child.pk}/events/{event.pk}/"))
    assert "In the record" in html and "Recorded by hand" not in html
    assert f'href="/children/{child.pk}/mapping/{mapping.pk}/">See the mapping</a>' in html
    journey = page(signed_in.get(f"/children/{child.pk}/events/"))
    assert "In the record" in journey


@pytest.fixture
def statement(worker, child):
    return services.statement_pair_create(
        by=worker.user,
        child=child,
        who_is_worried="School and Nan",
        worry="Dad shouts and pushes Mum when he has been drinking.",
        impact="Sam could be hurt.",
        goal="Mum and Nan make sure Sam is safe.",
    )


def test_sharing_agreeing_scaling_harm_statements_and_next_steps_each_link_their_event(
    worker, child, statement
):
    shared = services.statements_share(
        by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Amy (mum)"
    )
    agreed = services.statements_agree(
        by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Amy (mum)"
    )
    question = services.scaling_question_create(
        by=worker.user, child=child, question="How safe is Sam?", zero_means="Not safe", ten_means="Safe"
    )
    services.scaling_round_record(
        by=worker.user,
        question=question,
        scored_on=ON,
        scores=[
            services.ScoreInput(score=4, role="parent", name="Amy"),
            services.ScoreInput(score=3, role="practitioner", name="Asha"),
        ],
    )
    harm = services.harm_statement_add(by=worker.user, child=child, text="On 3 January Sam was hit.")
    step = services.next_step_add(
        by=worker.user, child=child, what="Visit Nan", owner_staff=worker, due_on=ON
    )
    services.next_step_complete(by=worker.user, step=step, done_on=ON)

    links = {e.type: (e.artefact_type, e.artefact_id) for e in Event.objects.filter(child=child)}
    assert links == {
        "statements_shared": ("mapping.statementsharing", shared.pk),
        "statements_agreed": ("mapping.statementsharing", agreed.pk),
        "scaling_recorded": ("mapping.scalingquestion", question.pk),
        "harm_statement_written": ("mapping.harmstatement", harm.pk),
        "next_step_done": ("mapping.nextstep", step.pk),
    }


def test_giving_the_one_page_view_to_the_family_is_recorded_from_its_page(signed_in, child):
    one_page = page(signed_in.get(f"/children/{child.pk}/one-page/"))
    assert f'href="/children/{child.pk}/one-page/given/"' in one_page
    refused = page(
        signed_in.post(f"/children/{child.pk}/one-page/given/", {"on": "2026-02-03", "method": "meeting"})
    )
    assert refused.count("Enter who it was given to") == 2
    assert not OnePageViewGiven.objects.exists()

    response = signed_in.post(
        f"/children/{child.pk}/one-page/given/",
        {
            "on": "2026-02-03",
            "method": "meeting",
            "with_whom": "Amy (mum) and Nan",
            "with_network": "on",
        },
    )
    assert response.status_code == 302
    given = OnePageViewGiven.objects.get(child=child)
    event = Event.objects.get(child=child, type="one_page_view_given")
    assert (event.artefact_type, event.artefact_id, event.attributes) == (
        "mapping.onepageviewgiven",
        given.pk,
        {"with_network": True},
    )
    one_page = page(signed_in.get(f"/children/{child.pk}/one-page/"))
    assert "Given to the family: " in one_page and "Amy (mum) and Nan" in one_page
    detail = page(signed_in.get(f"/children/{child.pk}/events/{event.pk}/"))
    assert "One-page view given to the family" in detail
    assert f'href="/children/{child.pk}/one-page/given/{given.pk}/">See the one-page view given</a>' in detail


def test_the_one_page_view_given_is_kept_as_it_was_when_the_plan_moves_on(signed_in, worker, child):
    services.harm_statement_add(by=worker.user, child=child, text="On 3 January Sam was hit.")
    given = services.one_page_view_give(
        by=worker.user, child=child, on=ON, method="email", with_whom="Amy (mum)"
    )
    services.harm_statement_add(by=worker.user, child=child, text="On 1 February Sam was locked out.")
    now = page(signed_in.get(f"/children/{child.pk}/one-page/"))
    assert "Sam was locked out" in now
    kept = page(signed_in.get(f"/children/{child.pk}/one-page/given/{given.pk}/"))
    assert "as it was given to Amy (mum) on 2 February 2026 (email)" in kept
    assert "Sam was hit" in kept and "Sam was locked out" not in kept


def test_correcting_the_event_of_a_mapping_keeps_its_link_to_the_mapping(signed_in, worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="danger",
        data=services.EntryInput(text="Dad may hit Mum again", source="professional", kind="opinion"),
    )
    services.mapping_complete(by=worker.user, mapping=mapping, completed_on=ON)
    made = Event.objects.get(child=child, type="mapping_completed")
    response = signed_in.post(
        f"/children/{child.pk}/events/{made.pk}/correct/",
        {
            "type": "mapping_completed",
            "occurred_on": "2026-02-03",
            "attr_with": "family",
            "correction_reason": "Finished the next morning",
        },
    )
    assert response.status_code == 302
    correction = Event.objects.get(corrects=made)
    assert (correction.artefact_type, correction.artefact_id) == ("mapping.mapping", mapping.pk)
    assert "In the record" in page(signed_in.get(f"/children/{child.pk}/events/{correction.pk}/"))


def test_an_auditor_reads_the_one_page_view_but_records_nothing(client, child):
    auditor = make_staff(team=make_team(council=child.council, name="Audit"), role=Role.AUDITOR)
    client.force_login(auditor.user)
    assert "Record that it was given" not in page(client.get(f"/children/{child.pk}/one-page/"))
    response = client.post(
        f"/children/{child.pk}/one-page/given/", {"on": "2026-02-03", "method": "email", "with_whom": "Amy"}
    )
    assert response.status_code == 403
    assert not OnePageViewGiven.objects.exists()
