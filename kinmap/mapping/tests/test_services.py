"""Mapping, statements and goals, scaling and next steps: what the services allow, keep and record."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kinmap.core.testing import make_person
from kinmap.journey.models import Event
from kinmap.mapping import selectors, services
from kinmap.mapping.models import PairStatus, SafetyGoal

pytestmark = pytest.mark.django_db
ON = date(2026, 2, 2)


def entry(text, *, source="parent", kind="fact", **more):
    return services.EntryInput(text=text, source=source, kind=kind, **more)


def first_mapping(worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    harm = services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="harm",
        data=entry(
            "Sam had a bruise on his arm",
            source="professional",
            harm_frequency="twice",
            harm_timespan="over 3 months",
        ),
    )
    services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="existing_strengths",
        data=entry("Nan takes Sam to school every day", source="network"),
    )
    services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="complicating_factors",
        data=entry("Dad is drinking more since he lost his job", kind="opinion"),
    )
    services.harm_incident_set(
        by=worker.user,
        entry=harm,
        occasion="worst",
        what_happened="Bruise seen at school",
        severity="serious",
        occurred_on=date(2026, 1, 20),
    )
    services.mapping_complete(by=worker.user, mapping=mapping, completed_on=ON)
    return mapping


def pair(worker, child, goal="Mum and Dad keep Sam safe when they argue: Nan collects him."):
    return services.statement_pair_create(
        by=worker.user,
        child=child,
        who_is_worried="School, Nan and the social worker",
        worry="Dad shouts and pushes Mum when he has been drinking.",
        impact="Sam could be hurt, and scared to be at home.",
        goal=goal,
    )


def test_completing_a_mapping_records_who_it_was_done_with(worker, child):
    mapping = first_mapping(worker, child)
    event = Event.objects.get(child=child, type="mapping_completed")
    assert event.attributes == {"with": "family"} and event.occurred_on == ON
    assert mapping.completed_event == event


def test_a_completed_mapping_is_kept_as_it_was(worker, child):
    mapping = first_mapping(worker, child)
    with pytest.raises(ValidationError, match="Start a new mapping to change it"):
        services.mapping_entry_add(
            by=worker.user, mapping=mapping, domain="danger", data=entry("Sam is hurt")
        )


def test_a_new_mapping_carries_the_last_forward_and_shows_what_changed(worker, child):
    old = first_mapping(worker, child)
    new = services.mapping_start(
        by=worker.user, child=child, mapped_on=date(2026, 3, 2), mapped_with="meeting"
    )
    assert new.previous == old
    board = selectors.mapping_entries(mapping=new)
    harm, strength, complicating = (
        board["harm"][0],
        board["existing_strengths"][0],
        board["complicating_factors"][0],
    )
    assert harm.carried_from is not None and harm.incidents.get().severity == "serious"
    assert harm.harm_frequency == "twice"

    services.mapping_entry_update(
        by=worker.user,
        entry=strength,
        data=entry("Nan takes Sam to school and collects him", source="network"),
    )
    services.mapping_entry_retire(
        by=worker.user, entry=complicating, reason="Dad has a new job and has stopped drinking"
    )
    services.mapping_entry_add(
        by=worker.user,
        mapping=new,
        domain="existing_safety",
        data=entry("Dad went to Nan's when he had been drinking", source="child"),
    )

    changes = selectors.mapping_changes(mapping=new)
    assert [e.text for e in changes.added] == ["Dad went to Nan's when he had been drinking"]
    assert [(b.text, a.text) for b, a in changes.changed] == [
        ("Nan takes Sam to school every day", "Nan takes Sam to school and collects him")
    ]
    assert [(e.text, e.archived_reason) for e in changes.retired] == [
        ("Dad is drinking more since he lost his job", "Dad has a new job and has stopped drinking")
    ]
    assert [e.text for e in changes.unchanged] == ["Sam had a bruise on his arm"]
    # The old mapping is untouched.
    assert [e.text for e in selectors.mapping_entries(mapping=old)["existing_strengths"]] == [
        "Nan takes Sam to school every day"
    ]
    assert (
        selectors.mapping_history(mapping=new).filter(text__startswith="Nan takes Sam to school and").exists()
    )


def test_only_one_mapping_is_in_progress_at_a_time(worker, child):
    services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="group_supervision")
    with pytest.raises(ValidationError, match="already in progress"):
        services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")


def test_harm_matrix_fields_are_for_harm_only(worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    with pytest.raises(ValidationError, match="harm only"):
        services.mapping_entry_add(
            by=worker.user,
            mapping=mapping,
            domain="danger",
            data=entry("Sam could be hurt", harm_frequency="weekly"),
        )


def test_statements_go_draft_shared_agreed_and_record_events(worker, child):
    statement = pair(worker, child)
    assert statement.status == PairStatus.DRAFT and statement.variant == "safety"
    with pytest.raises(
        ValidationError, match="Share each danger statement with the family before it is agreed"
    ):
        services.statements_agree(
            by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Mum, Dad"
        )
    services.statements_share(
        by=worker.user,
        child=child,
        statements=[statement],
        on=ON,
        method="face_to_face",
        with_whom="Mum, Dad and Nan",
        with_network=True,
    )
    statement.refresh_from_db()
    assert statement.status == PairStatus.SHARED
    assert Event.objects.get(child=child, type="statements_shared").attributes == {"with_network": True}
    agreement = services.statements_agree(
        by=worker.user,
        child=child,
        statements=[statement],
        on=date(2026, 2, 9),
        method="meeting",
        with_whom="Mum, Dad, Nan",
    )
    statement.refresh_from_db()
    assert statement.status == PairStatus.AGREED
    assert Event.objects.get(child=child, type="statements_agreed").occurred_on == date(2026, 2, 9)
    assert list(agreement.goals.values_list("version", flat=True)) == [1]


def agreed_pair(worker, child):
    statement = pair(worker, child)
    services.statements_share(
        by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Mum"
    )
    services.statements_agree(
        by=worker.user, child=child, statements=[statement], on=ON, method="meeting", with_whom="Mum"
    )
    statement.refresh_from_db()
    return statement


def _change(worker, statement, goal, reason=""):
    return services.statement_pair_update(
        by=worker.user,
        statement=statement,
        who_is_worried=statement.who_is_worried,
        worry=statement.worry,
        impact=statement.impact,
        goal=goal,
        reason=reason,
    )


def test_an_agreed_goal_does_not_change_without_a_reason(worker, child):
    statement = agreed_pair(worker, child)
    with pytest.raises(ValidationError) as refused:
        _change(worker, statement, "Sam stays with Nan on Fridays.")
    assert refused.value.message_dict["reason"] == [
        "This danger statement and safety goal were agreed with the family on 2 February 2026. "
        "Give a reason for changing them: the agreed version is kept."
    ]
    assert [g.text for g in SafetyGoal.objects.filter(statement=statement)] == [
        "Mum and Dad keep Sam safe when they argue: Nan collects him."
    ]


def test_with_a_reason_both_versions_of_an_agreed_goal_remain(worker, child):
    statement = agreed_pair(worker, child)
    _change(worker, statement, "Sam stays with Nan on Fridays.", reason="Agreed at the core group on 9 March")
    goals = list(SafetyGoal.objects.filter(statement=statement).order_by("version"))
    assert [(g.version, g.text, g.replaced_at is None) for g in goals] == [
        (1, "Mum and Dad keep Sam safe when they argue: Nan collects him.", False),
        (2, "Sam stays with Nan on Fridays.", True),
    ]
    assert goals[1].change_reason == "Agreed at the core group on 9 March"
    statement.refresh_from_db()
    assert statement.status == PairStatus.DRAFT  # to be shared and agreed again
    # What was agreed is still what the agreement points at.
    assert [g.version for g in statement.sharings.get(action="agreed").goals.all()] == [1]


def test_a_draft_goal_is_edited_in_place_with_its_history_kept(worker, child):
    statement = pair(worker, child)
    _change(worker, statement, "Nan collects Sam when Mum and Dad argue.")
    goal = SafetyGoal.objects.get(statement=statement)
    assert goal.text == "Nan collects Sam when Mum and Dad argue." and goal.history.count() == 2


def test_a_scaling_round_keeps_each_persons_score_and_records_it(worker, child):
    statement = pair(worker, child)
    question = services.scaling_question_create(
        by=worker.user,
        child=child,
        statement=statement,
        question="How safe is Sam at home?",
        zero_means="Sam will be hurt again",
        ten_means="Everyone is sure Sam is safe at home",
    )
    mum = make_person(council=child.council, first_name="Amy", last_name="Fielding")
    services.scaling_round_record(
        by=worker.user,
        question=question,
        scored_on=ON,
        scores=[
            services.ScoreInput(score=6, role="parent", person=mum, why_not_lower="Dan has stopped drinking"),
            services.ScoreInput(
                score=3, role="practitioner", staff=worker, to_move_up="Nan's plan tried for a month"
            ),
        ],
    )
    services.scaling_round_record(
        by=worker.user,
        question=question,
        scored_on=date(2026, 3, 2),
        scores=[
            services.ScoreInput(score=7, role="parent", person=mum),
            services.ScoreInput(score=5, role="practitioner", staff=worker),
        ],
    )
    table = selectors.scaling_table(question=question)
    assert table.dates == [ON, date(2026, 3, 2)]
    assert [(s.name, [v for v in values]) for s, values in table.rows()] == [
        ("Amy Fielding", [6, 7]),
        ("Asha Patel", [3, 5]),
    ]
    assert Event.objects.filter(child=child, type="scaling_recorded").count() == 2


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([], "Enter at least one person's score"),
        ([services.ScoreInput(score=11, role="child", name="Sam")], "from 0 to 10"),
        (
            [
                services.ScoreInput(score=4, role="network", name="Nan"),
                services.ScoreInput(score=5, role="network", name="nan"),
            ],
            "Nan is scored twice",
        ),
    ],
)
def test_a_scaling_round_refuses_what_cannot_be_right(worker, child, scores, message):
    question = services.scaling_question_create(
        by=worker.user, child=child, question="How safe?", zero_means="Not", ten_means="Safe"
    )
    with pytest.raises(ValidationError, match=message):
        services.scaling_round_record(by=worker.user, question=question, scored_on=ON, scores=scores)
    assert not question.scores.exists()


def test_a_next_step_lands_in_the_owners_worklist_and_becomes_an_event_when_done(worker, child):
    statement = pair(worker, child)
    step = services.next_step_add(
        by=worker.user,
        child=child,
        statement=statement,
        what="Meet Nan to plan Fridays",
        owner_staff=worker,
        due_on=date(2026, 2, 20),
    )
    assert list(selectors.next_steps_for_staff(staff=worker)) == [step]
    services.next_step_complete(by=worker.user, step=step, done_on=date(2026, 2, 18))
    assert list(selectors.next_steps_for_staff(staff=worker)) == []
    event = Event.objects.get(child=child, type="next_step_done")
    assert event.attributes == {"next_step": step.pk} and event.occurred_on == date(2026, 2, 18)
    with pytest.raises(ValidationError, match="already done"):
        services.next_step_complete(by=worker.user, step=step, done_on=date(2026, 2, 19))


def test_a_next_step_needs_someone_to_do_it(worker, child):
    with pytest.raises(ValidationError) as refused:
        services.next_step_add(by=worker.user, child=child, what="Call school", due_on=ON)
    assert "owner_name" in refused.value.message_dict


def test_a_statement_can_be_of_another_variant_than_the_plan(worker, child):
    statement = services.statement_pair_create(
        by=worker.user,
        child=child,
        variant="wellbeing",
        who_is_worried="School",
        worry="Sam misses school",
        impact="Sam falls behind",
        goal="Sam goes to school every day",
    )
    assert statement.variant == "wellbeing"
    with pytest.raises(ValidationError):
        services.statement_pair_create(
            by=worker.user,
            child=child,
            variant="astrology",
            who_is_worried="x",
            worry="y",
            impact="z",
            goal="g",
        )
