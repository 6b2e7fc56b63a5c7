"""A practitioner maps a child, writes a paired statement and goal, shares it, records a scaling round
by two people and sees the chart, in Chromium, with axe on every page."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from kinmap.core.testing import make_child, make_council, make_person, make_staff, make_team
from kinmap.people.models import NetworkMember
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family():
    council = make_council(name="Demoshire", pack_name="england")
    team = make_team(council=council, name="Child Protection Team 1", service_areas=["child_protection"])
    worker = make_staff(team=team, username="asha", first_name="Asha", last_name="Patel")
    child = make_child(
        practitioner=worker,
        first_name="Sam",
        last_name="Fielding",
        service_area="child_protection",
        started_on=date(2026, 1, 5),
    )
    nan = make_person(
        council=council, first_name="Jean", last_name="Fielding", date_of_birth=date(1958, 3, 1)
    )
    NetworkMember.objects.create(child=child, person=nan, role="safety_person", circle="inner")
    return worker, child


def test_map_write_share_and_scale(page: Page, family):
    worker, child = family
    sign_in(page, worker.user.username)
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="All mappings").click()
    expect(page.get_by_role("heading", name="Mapping", exact=True)).to_be_visible()
    assert_accessible(page, screenshot="mapping-list")

    page.get_by_role("link", name="Start the first mapping").click()
    page.get_by_label("With the family").check()
    assert_accessible(page, screenshot="mapping-start")
    page.get_by_role("button", name="Start the mapping").click()
    expect(page.get_by_role("heading", name="Signs of Safety mapping", exact=False)).to_be_visible()

    page.get_by_role("link", name="Add to Harm").click()
    page.get_by_label("What was said or seen").fill(
        "Sam had a bruise on his arm after Dad pushed Mum into him"
    )
    page.get_by_label("A professional").check()
    page.get_by_label("Their name and role (optional)").fill("Ms Green (teacher)")
    page.get_by_label("Fact", exact=True).check()
    page.get_by_label("How often has it happened? (optional)").fill("twice")
    assert_accessible(page, screenshot="mapping-entry")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("link", name="Add to Existing strengths").click()
    page.get_by_label("What was said or seen").fill("Nan walks Sam to school every day")
    page.get_by_label("A network member").check()
    page.get_by_label("Fact", exact=True).check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Nan walks Sam to school every day", exact=True)).to_be_visible()
    expect(page.get_by_text("A professional: Ms Green (teacher)")).to_be_visible()
    assert_accessible(page, screenshot="mapping-board")

    page.get_by_role("link", name="Danger statements and safety goals", exact=True).first.click()
    page.get_by_role("link", name="Write a danger statement and safety goal").click()
    page.get_by_label("Danger statement: who is worried?").fill("Sam's school, Nan and the social worker")
    worry = page.get_by_label("What are they worried the adults did or might do?")
    worry.press_sequentially("Dad pushes Mum when he drinks. The case went to the LADO")
    findings = page.locator("#id_worry-language")
    expect(findings).to_contain_text("Could a family read this easily?")
    expect(findings).to_contain_text("People are people, not cases.")
    assert_accessible(page, screenshot="mapping-statement-plain-language")
    worry.fill("Dad shouts at and pushes Mum when he has been drinking.")
    page.get_by_label("What might happen to Sam if nothing changes?").fill(
        "Sam could be hurt and scared at home."
    )
    page.get_by_label("Safety goal").fill("Dad stays at his brother's when he has been drinking.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()

    page.get_by_role("link", name="Record sharing with the family").click()
    page.get_by_label("Face to face").check()
    page.get_by_label("With whom?").fill("Amy (mum), Dan (dad) and Jean (nan)")
    assert_accessible(page, screenshot="mapping-share")
    page.get_by_role("button", name="Record the sharing").click()
    expect(page.get_by_text("Shared with the family", exact=True)).to_be_visible()
    assert_accessible(page, screenshot="mapping-statements")

    page.get_by_role("link", name="Add a scaling question for danger statement 1").click()
    page.get_by_label("Question", exact=True).fill("On a scale of 0 to 10, how safe is Sam at home?")
    page.get_by_label("0 means", exact=True).fill("Sam will be hurt again")
    page.get_by_label("10 means", exact=True).fill("Everyone is sure Sam is safe at home")
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("link", name="Record a scaling round").click()
    first = page.get_by_role("group", name="Person 1")
    first.get_by_label("Who").select_option(label="Jean Fielding")
    first.get_by_label("Their role").select_option(label="Family or network member")
    first.get_by_label("Score (0 to 10)").fill("6")
    first.get_by_label("What makes it this number and not 0?").fill("Dad has not had a drink this week")
    second = page.get_by_role("group", name="Person 2")
    second.get_by_label("Who").select_option(label="Asha Patel (Social worker)")
    second.get_by_label("Their role").select_option(label="Social worker or practitioner")
    second.get_by_label("Score (0 to 10)").fill("3")
    second.get_by_label("What would move it one point up?").fill("Dad's plan tried for a month")
    assert_accessible(page, screenshot="mapping-scaling-round")
    page.get_by_role("button", name="Save the scores").click()

    chart = page.get_by_role("img", name="Scores over time: On a scale of 0 to 10, how safe is Sam at home?")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="The scores in the chart (0 to 10)")
    expect(table.get_by_role("row", name="Jean Fielding")).to_contain_text("6")
    expect(table.get_by_role("row", name="Asha Patel")).to_contain_text("3")
    assert_accessible(page, screenshot="mapping-scaling-chart")

    page.goto(f"/children/{child.pk}/one-page/")
    expect(page.get_by_role("heading", name="What needs to happen?")).to_be_visible()
    expect(page.get_by_text("Jean Fielding 6")).to_be_visible()
    assert_accessible(page, screenshot="mapping-one-page")

    page.goto(f"/children/{child.pk}/")
    expect(page.get_by_role("heading", name="Mapping", exact=True)).to_be_visible()
    assert_accessible(page, screenshot="mapping-child-panel")


def test_an_agreed_goal_needs_a_reason_to_change(page: Page, family):
    from kinmap.mapping import services

    worker, child = family
    statement = services.statement_pair_create(
        by=worker.user,
        child=child,
        who_is_worried="School",
        worry="Sam is left alone at night",
        impact="Sam could be hurt",
        goal="An adult is at home with Sam every night",
    )
    services.statements_share(
        by=worker.user,
        child=child,
        statements=[statement],
        on=date(2026, 2, 2),
        method="meeting",
        with_whom="Amy",
    )
    services.statements_agree(
        by=worker.user,
        child=child,
        statements=[statement],
        on=date(2026, 2, 2),
        method="meeting",
        with_whom="Amy",
    )
    sign_in(page, worker.user.username)
    page.goto(f"/children/{child.pk}/statements/{statement.pk}/change/")
    page.get_by_label("Safety goal").fill("Nan stays with Sam on Friday nights")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_role("alert")).to_contain_text("Give a reason for changing them")
    expect(page.get_by_label("Safety goal")).to_have_value("Nan stays with Sam on Friday nights")
    assert_accessible(page, screenshot="mapping-agreed-goal-refused")
