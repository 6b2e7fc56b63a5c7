"""The mapping pages as a practitioner uses them."""

import re
from datetime import date

import pytest

from kinmap.core.testing import form_values, make_child, make_council, make_person, make_staff, make_team
from kinmap.councils.models import Role
from kinmap.mapping import services
from kinmap.mapping.models import DangerStatement, Mapping, SafetyGoal
from kinmap.people.models import NetworkMember, Relationship

pytestmark = pytest.mark.django_db
ON = date(2026, 2, 2)


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    ("pack", "service_area", "expected"),
    [
        (
            "england",
            "child_protection",
            ["Signs of Safety mapping", "Harm", "Danger", "Existing safety", "Safety goals"],
        ),
        (
            "england",
            "child_in_need",
            [
                "Signs of Wellbeing mapping",
                "Wellbeing concerns",
                "Critical worries",
                "Existing wellbeing",
                "Wellbeing goals",
            ],
        ),
        (
            "england",
            "looked_after",
            ["Signs of Success mapping", "Worrying behaviour", "Existing success", "Success goals"],
        ),
        (
            "bexley",
            "fostering",
            ["Signs of Stability mapping", "Past Worries", "Existing Stability", "Stability Goals"],
        ),
        ("leicester", "child_protection", ["Signs of Safety mapping", "Past harm", "Future danger"]),
    ],
)
def test_the_mapping_page_uses_the_councils_names_for_the_service_area(client, pack, service_area, expected):
    council = make_council(name=pack.title(), pack_name=pack)
    worker = make_staff(team=make_team(council=council, name="Team", service_areas=[service_area]))
    child = make_child(practitioner=worker, service_area=service_area)
    client.force_login(worker.user)
    start = f"/children/{child.pk}/mapping/start/"
    preselected = form_values(page(client.get(start)))["variant"]
    response = client.post(
        start, {"mapped_on": "2026-02-02", "mapped_with": "family", "variant": preselected}
    )
    assert response.status_code == 302
    mapping = Mapping.objects.get(child=child)
    html = page(client.get(f"/children/{child.pk}/mapping/{mapping.pk}/"))
    headings = re.findall(r"<h[123][^>]*>([^<]+)", html)
    for name in expected:
        assert any(name in h for h in headings), (name, headings)


def test_map_a_child_add_an_entry_with_its_source_and_see_it_in_its_column(signed_in, child):
    response = signed_in.post(
        f"/children/{child.pk}/mapping/start/",
        {"mapped_on": "2026-02-02", "mapped_with": "group_supervision", "variant": "safety"},
    )
    mapping = Mapping.objects.get(child=child)
    assert response.url == f"/children/{child.pk}/mapping/{mapping.pk}/"
    response = signed_in.post(
        f"/children/{child.pk}/mapping/{mapping.pk}/add/existing_strengths/",
        {
            "text": "Nan walks Sam to school",
            "source": "child",
            "source_name": "Sam",
            "kind": "fact",
            "noticed_on": "2026-01-30",
        },
    )
    assert response.status_code == 302
    html = page(signed_in.get(f"/children/{child.pk}/mapping/{mapping.pk}/"))
    assert "Nan walks Sam to school" in html and "The child: Sam, 30 January 2026" in html
    assert "In group supervision" in html


def test_an_entry_with_missing_answers_is_refused_and_keeps_what_was_typed(signed_in, child):
    mapping = services.mapping_start(
        by=child.involvements.get().lead_practitioner.user, child=child, mapped_on=ON, mapped_with="family"
    )
    html = page(
        signed_in.post(
            f"/children/{child.pk}/mapping/{mapping.pk}/add/harm/",
            {"text": "Sam had a bruise", "source": "", "kind": "opinion", "harm_frequency": "twice"},
        )
    )
    assert "There is a problem" in html and "Select who said or saw it" in html
    assert form_values(html)["text"] == ["Sam had a bruise"] and form_values(html)["harm_frequency"] == [
        "twice"
    ]
    assert not mapping.entries.exists()


def agreed(worker, child):
    statement = services.statement_pair_create(
        by=worker.user,
        child=child,
        who_is_worried="School and Nan",
        worry="Dad pushes Mum when he drinks",
        impact="Sam could be hurt",
        goal="Nan collects Sam when Dad drinks",
    )
    services.statements_share(
        by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Mum"
    )
    services.statements_agree(
        by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Mum and Dad"
    )
    return statement


def test_changing_an_agreed_goal_without_a_reason_is_refused_with_a_clear_message(signed_in, worker, child):
    statement = agreed(worker, child)
    url = f"/children/{child.pk}/statements/{statement.pk}/change/"
    assert "A change needs a reason" in page(signed_in.get(url))
    html = page(
        signed_in.post(
            url,
            {
                "who_is_worried": "School and Nan",
                "worry": "Dad pushes Mum when he drinks",
                "impact": "Sam could be hurt",
                "goal": "Sam sleeps at Nan's on Fridays",
                "reason": "",
            },
        )
    )
    assert "There is a problem" in html
    assert "were agreed with the family on 2 February 2026. Give a reason for changing them" in html
    assert form_values(html)["goal"] == ["Sam sleeps at Nan's on Fridays"]
    assert SafetyGoal.objects.filter(statement=statement).count() == 1


def test_changing_an_agreed_goal_with_a_reason_keeps_both_versions_on_the_page(signed_in, worker, child):
    statement = agreed(worker, child)
    response = signed_in.post(
        f"/children/{child.pk}/statements/{statement.pk}/change/",
        {
            "who_is_worried": "School and Nan",
            "worry": "Dad pushes Mum when he drinks",
            "impact": "Sam could be hurt",
            "goal": "Sam sleeps at Nan's on Fridays",
            "reason": "Agreed at the core group",
        },
    )
    assert response.status_code == 302
    html = page(signed_in.get(f"/children/{child.pk}/statements/{statement.pk}/"))
    assert "Nan collects Sam when Dad drinks" in html and "Sam sleeps at Nan&#x27;s on Fridays" in html
    assert "Agreed at the core group" in html and "(current)" in html


def test_statement_and_goal_fields_are_checked_for_plain_language_as_they_are_typed(signed_in, child):
    html = page(signed_in.get(f"/children/{child.pk}/statements/add/"))
    for name in ("who_is_worried", "worry", "impact", "goal"):
        assert f'hx-post="/language/check/?field={name}"' in html
        assert f'hx-target="#id_{name}-language"' in html and f'id="id_{name}-language"' in html
    assert 'hx-trigger="keyup changed delay:500ms"' in html
    assert "Danger statement: who is worried?" in html and "Safety goal" in html


def test_sharing_records_with_whom_when_and_how(signed_in, worker, child):
    statement = services.statement_pair_create(
        by=worker.user,
        child=child,
        who_is_worried="School",
        worry="Sam is left alone at night",
        impact="Sam could be hurt",
        goal="An adult is at home with Sam every night",
    )
    response = signed_in.post(
        f"/children/{child.pk}/statements/share/",
        {
            "statements": [statement.pk],
            "on": "2026-02-03",
            "method": "face_to_face",
            "with_whom": "Amy (mum)",
        },
    )
    assert response.status_code == 302
    html = page(signed_in.get(f"/children/{child.pk}/statements/{statement.pk}/"))
    assert "Shared with the family" in html and "3 February 2026" in html and "Face to face" in html
    assert "Amy (mum)" in html


def test_a_scaling_round_by_two_people_draws_their_lines_and_a_table(signed_in, worker, child):
    statement = agreed(worker, child)
    question = services.scaling_question_create(
        by=worker.user,
        child=child,
        statement=statement,
        question="How safe is Sam at home?",
        zero_means="Sam will be hurt",
        ten_means="Sam is safe",
    )
    url = f"/children/{child.pk}/scaling/{question.pk}/round/"
    html = page(signed_in.get(url))
    choices = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', html))
    sam = next(v for v, label in choices.items() if label == "Sam Fielding")
    response = signed_in.post(
        url,
        {
            "scored_on": "2026-02-02",
            "score-TOTAL_FORMS": "4",
            "score-INITIAL_FORMS": "0",
            "score-0-who": sam,
            "score-0-role": "child",
            "score-0-score": "4",
            "score-0-why_not_lower": "Nan is there",
            "score-1-who": "",
            "score-1-name": "Ms Green (teacher)",
            "score-1-role": "professional",
            "score-1-score": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = page(signed_in.get(f"/children/{child.pk}/scaling/{question.pk}/"))
    assert 'role="img"' in html and "<title id=" in html
    assert "Sam Fielding (Child or young person): 4 on 2 February 2026." in html
    table = html[html.index("kinmap-scaling-table") :]
    assert re.search(r"Sam Fielding.*?<td[^>]*>4</td>", table, re.S)
    assert re.search(r"Ms Green \(teacher\).*?<td[^>]*>2</td>", table, re.S)
    assert "Why 4 and not 0: Nan is there" in html


def test_the_childs_parents_and_carers_are_offered_as_scorers_with_their_network(signed_in, worker, child):
    mum = make_person(council=child.council, first_name="Amy", last_name="Fielding")
    old_carer = make_person(council=child.council, first_name="Pat", last_name="Jones")
    nan = make_person(council=child.council, first_name="Jean", last_name="Fielding")
    Relationship.objects.create(from_person=mum, to_person=child.person, kind="parent")
    Relationship.objects.create(
        from_person=old_carer, to_person=child.person, kind="foster_carer", ended_on=date(2025, 6, 1)
    )
    NetworkMember.objects.create(child=child, person=nan, role="safety_person", circle="inner")
    question = services.scaling_question_create(
        by=worker.user, child=child, question="How safe?", zero_means="a", ten_means="b"
    )
    html = page(signed_in.get(f"/children/{child.pk}/scaling/{question.pk}/round/"))
    offered = re.findall(r'<option value="person:\d+"[^>]*>([^<]+)</option>', html)
    assert offered[:3] == ["Sam Fielding", "Amy Fielding", "Jean Fielding"]
    assert "Pat Jones" not in offered


def test_a_scaling_round_with_a_score_out_of_range_is_refused_and_keeps_the_rows(signed_in, worker, child):
    question = services.scaling_question_create(
        by=worker.user, child=child, question="How safe?", zero_means="a", ten_means="b"
    )
    html = page(
        signed_in.post(
            f"/children/{child.pk}/scaling/{question.pk}/round/",
            {
                "scored_on": "2026-02-02",
                "score-TOTAL_FORMS": "4",
                "score-INITIAL_FORMS": "0",
                "score-0-name": "Nan",
                "score-0-role": "network",
                "score-0-score": "12",
            },
        )
    )
    assert "Person 1: Enter a score from 0 to 10" in html
    assert form_values(html)["score-0-name"] == ["Nan"] and not question.scores.exists()


def test_the_child_page_shows_the_mapping_summary(signed_in, worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="harm",
        data=services.EntryInput(text="Bruise", source="professional", kind="fact"),
    )
    agreed(worker, child)
    html = page(signed_in.get(f"/children/{child.pk}/"))
    section = html[html.index('id="mapping"') :]
    assert "Signs of Safety mapping of 2 February 2026" in section
    assert re.search(r"Harm</dt>\s*<dd[^>]*>1</dd>", section)
    assert "Nan collects Sam when Dad drinks" in section and "Agreed" in section


def test_other_teams_children_are_not_found_and_readers_cannot_write(client, child):
    outsider = make_staff(team=make_team(council=child.council, name="Another Team"))
    client.force_login(outsider.user)
    assert client.get(f"/children/{child.pk}/mapping/").status_code == 404
    auditor = make_staff(team=make_team(council=child.council, name="Audit"), role=Role.AUDITOR)
    client.force_login(auditor.user)
    assert client.get(f"/children/{child.pk}/statements/").status_code == 200
    assert client.get(f"/children/{child.pk}/statements/add/").status_code == 403
    assert not DangerStatement.objects.exists()


def test_a_next_step_on_the_mapping_is_marked_done_and_leaves_the_column(signed_in, worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    step = services.next_step_add(
        by=worker.user, child=child, what="Visit Nan", owner_staff=worker, due_on=ON, mapping=mapping
    )
    board = f"/children/{child.pk}/mapping/{mapping.pk}/"
    html = page(signed_in.get(board))
    done = f"/children/{child.pk}/next-steps/{step.pk}/done/?next={board}%23next_steps"
    assert "Visit Nan" in html and f'href="{done}"' in html
    response = signed_in.post(done, {"done_on": "2026-02-01"})
    assert response.url == f"{board}#next_steps"
    assert "Visit Nan" not in page(signed_in.get(board))


def test_every_mapping_page_opens_with_its_heading(signed_in, worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    harm = services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="harm",
        data=services.EntryInput(text="Bruise", source="professional", kind="fact"),
    )
    statement = agreed(worker, child)
    services.mapping_complete(by=worker.user, mapping=mapping, completed_on=ON)
    second = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="meeting")
    carried = second.entries.get()
    base = f"/children/{child.pk}"
    pages = {
        f"{base}/mapping/": "Mapping",
        f"{base}/mapping/{second.pk}/changes/": "What changed in the mapping of 2 February 2026",
        f"{base}/mapping/{second.pk}/complete/": "Complete the mapping",
        f"{base}/mapping/entries/{carried.pk}/": "Change an entry in Harm",
        f"{base}/mapping/entries/{carried.pk}/retire/": "Retire an entry",
        f"{base}/mapping/entries/{carried.pk}/incident/worst/": "Worst incident",
        f"{base}/statements/agree/": "Record that the family agreed the danger statements and safety goals",
        f"{base}/statements/{statement.pk}/bottom-lines/add/": "Add a bottom line",
        f"{base}/harm-statements/add/": "Add a harm statement",
        f"{base}/scaling/add/?statement={statement.pk}": "Add a scaling question",
        f"{base}/next-steps/add/": "Add a next step",
    }
    for url, heading in pages.items():
        assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}", page(signed_in.get(url))), url
    # A completed mapping's entries are kept as they were; the message says where to change them.
    html = page(signed_in.post(f"{base}/mapping/entries/{harm.pk}/retire/", {"reason": "No longer true"}))
    assert "Start a new mapping to change it" in html and form_values(html)["reason"] == ["No longer true"]
    harm.refresh_from_db()
    assert harm.archived_at is None
