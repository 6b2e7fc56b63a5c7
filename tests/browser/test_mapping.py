"""On the demo council, the practitioner opens one of their children, sees the mapping and the chart of
the family's scaling rounds, then maps again (building on the last), writes a paired statement and
goal, shares it, records a scaling round and sees the chart, in Chromium, with axe on every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kinmap.demo.generator import DEMO_PASSWORD, build_demo_council, sign_ins
from kinmap.mapping.labels import child_labels
from kinmap.mapping.models import Mapping, PairStatus, ScalingScore, ScorerRole
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    """The demo council, and the practitioner's child whose family has scaled over the months."""
    build = build_demo_council(children=20, seed=1)
    practitioner = {s.role: s for s in sign_ins(council=build.council)}["Practitioner"]
    for mapping in Mapping.objects.filter(
        child__council=build.council,
        completed_on__isnull=False,
        child__involvements__ended_on__isnull=True,
        child__involvements__lead_practitioner__user__username=practitioner.username,
    ).select_related("child__person"):
        child = mapping.child
        scores = ScalingScore.objects.filter(question__child=child).select_related("question", "person")
        if len({s.scored_on for s in scores}) >= 3 and all(
            s.status == PairStatus.AGREED for s in child.danger_statements.all()
        ):
            return practitioner, child, mapping, scores
    pytest.fail(f"{practitioner.name} has no demo child with a mapping and three scaling rounds")


def test_demo_practitioner_sees_the_family_mapping_and_chart_then_maps_again(page: Page, demo):
    practitioner, child, mapping, scores = demo
    labels = child_labels(child=child)
    name = str(child.person)
    sign_in(page, practitioner.username, DEMO_PASSWORD)
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    panel = page.locator("h2#mapping ~ *")
    expect(page.get_by_text(f"completed {mapping.completed_on:%-d %B %Y}", exact=False).first).to_be_visible()
    expect(panel.get_by_text(child.danger_statements.first().worry[:40], exact=False).first).to_be_visible()
    assert_accessible(page, screenshot="mapping-demo-child")

    # The family's mapping, in every column.
    page.get_by_role("link", name="All mappings").click()
    page.get_by_role("link", name=f"Open the mapping of {mapping.mapped_on:%-d %B %Y}").click()
    expect(page.get_by_role("heading", name=f"{labels.label} mapping", exact=False)).to_be_visible()
    for entry in mapping.entries.all():
        expect(page.get_by_text(entry.text, exact=True).first).to_be_visible()
    assert_accessible(page, screenshot="mapping-demo-mapping")

    # The chart of the family's scaling rounds: each person's line, in the legend and the table.
    question = scores[0].question
    page.get_by_role("link", name=f"{labels.statement}s and {labels.goal.lower()}s", exact=True).first.click()
    expect(page.get_by_text("Agreed", exact=True).first).to_be_visible()
    page.get_by_role("link", name=question.question).click()
    expect(page.get_by_role("img", name=f"Scores over time: {question.question}")).to_be_visible()
    mother = next(s for s in scores if s.role == ScorerRole.PARENT)
    legend = page.locator(".kinmap-chart-legend")
    expect(legend).to_contain_text(mother.name)
    table = page.get_by_role("table", name="The scores in the chart (0 to 10)")
    expect(table.get_by_role("row", name=mother.name)).to_be_visible()
    rounds = {s.scored_on for s in scores if s.question == question}
    expect(table.get_by_role("columnheader")).to_have_count(1 + len(rounds))
    assert_accessible(page, screenshot="mapping-demo-chart")

    # Map again: the new mapping carries the last one forward.
    page.goto(f"/children/{child.pk}/mapping/")
    page.get_by_role("link", name="Start a new mapping").click()
    page.get_by_label("With the family").check()
    assert_accessible(page, screenshot="mapping-demo-start")
    page.get_by_role("button", name="Start the mapping").click()
    expect(page.get_by_text("Builds on the mapping of", exact=False)).to_be_visible()
    carried = mapping.entries.first()
    expect(page.get_by_text(carried.text, exact=True).first).to_be_visible()
    page.get_by_role("link", name=f"Add to {labels.column('existing_safety')}").click()
    page.get_by_label("What was said or seen").fill(f"{child.person.first_name} says bedtimes are calm now")
    page.get_by_label("The child", exact=True).check()
    page.get_by_label("Fact", exact=True).check()
    page.get_by_role("button", name="Add").click()
    added = f"{child.person.first_name} says bedtimes are calm now"
    expect(page.get_by_text(added, exact=True)).to_be_visible()
    assert_accessible(page, screenshot="mapping-demo-new-mapping")

    # A paired statement and goal, written, shared and scaled.
    page.get_by_role("link", name=f"{labels.statement}s and {labels.goal.lower()}s", exact=True).first.click()
    page.get_by_role("link", name=f"Write a {labels.statement.lower()} and {labels.goal.lower()}").click()
    page.get_by_label(f"{labels.statement}: who is worried?").fill("The school and the social worker")
    page.get_by_label("What are they worried the adults did or might do?").fill(
        "Mum and her partner argue loudly late at night."
    )
    page.get_by_label(f"What might happen to {child.person.first_name} if nothing changes?").fill(
        f"{child.person.first_name} could be tired and upset at school."
    )
    page.get_by_label(labels.goal, exact=True).fill("The adults talk calmly and are quiet after nine.")
    assert_accessible(page, screenshot="mapping-demo-statement")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()

    page.get_by_role("link", name="Record sharing with the family").click()
    page.get_by_label("Mum and her partner argue loudly late at night.", exact=False).check()
    page.get_by_label("Face to face").check()
    page.get_by_label("With whom?").fill("Mum and Nan")
    assert_accessible(page, screenshot="mapping-demo-share")
    page.get_by_role("button", name="Record the sharing").click()
    expect(page.get_by_text("Shared with the family", exact=True)).to_be_visible()
    assert_accessible(page, screenshot="mapping-demo-statements")

    new_one = child.danger_statements.count()
    page.get_by_role("link", name=f"Add a scaling question for {labels.statement.lower()} {new_one}").click()
    page.get_by_label("Question", exact=True).fill("How quiet are the nights at home?")
    page.get_by_label("0 means", exact=True).fill("There is shouting every night")
    page.get_by_label("10 means", exact=True).fill("Every night is quiet and calm")
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("link", name="Record a scaling round").click()
    first = page.get_by_role("group", name="Person 1")
    first.get_by_label("Who").select_option(label=str(mother.person))  # her line from the demo's rounds
    first.get_by_label("Their role").select_option(label="Parent or carer")
    first.get_by_label("Score (0 to 10)").fill("5")
    first.get_by_label("What makes it this number and not 0?").fill("Nobody shouted this weekend")
    second = page.get_by_role("group", name="Person 2")
    second.get_by_label("Who").select_option(label=f"{practitioner.name} ({practitioner.job_title})")
    second.get_by_label("Their role").select_option(label="Social worker or practitioner")
    second.get_by_label("Score (0 to 10)").fill("4")
    second.get_by_label("What would move it one point up?").fill("A month of quiet nights")
    assert_accessible(page, screenshot="mapping-demo-scaling-round")
    page.get_by_role("button", name="Save the scores").click()

    chart = page.get_by_role("img", name="Scores over time: How quiet are the nights at home?")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="The scores in the chart (0 to 10)")
    expect(table.get_by_role("row", name=str(mother.person))).to_contain_text("5")
    expect(table.get_by_role("row", name=practitioner.name)).to_contain_text("4")
    expect(page.locator(".kinmap-chart-legend")).to_contain_text(practitioner.name)
    expect(table.get_by_role("columnheader", name=f"{timezone.localdate():%-d %b %Y}")).to_be_visible()
    assert_accessible(page, screenshot="mapping-demo-scaling-chart")


def test_an_agreed_goal_needs_a_reason_to_change(page: Page, demo):
    practitioner, child, _, _ = demo
    statement = child.danger_statements.first()
    labels = child_labels(child=child, variant=statement.variant)
    sign_in(page, practitioner.username, DEMO_PASSWORD)
    page.goto(f"/children/{child.pk}/statements/{statement.pk}/change/")
    page.get_by_label(labels.goal, exact=True).fill("Nan stays over on Friday nights")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for changing them")
    expect(page.get_by_label(labels.goal, exact=True)).to_have_value("Nan stays over on Friday nights")
    assert_accessible(page, screenshot="mapping-agreed-goal-refused")
