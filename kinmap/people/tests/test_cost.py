"""A page about a child costs what the child's record holds, whatever the size of the council.

The same child's page is drawn in a small council and again after many more families join it: the
number of queries stays the same, the page shows the same people (the child's, no one else's), and
no query reads a whole table of the council's records (checked with the database's own plan).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinmap.core.testing import make_child, make_event, make_person, make_staff, make_team
from kinmap.councils.models import Role, StaffMember
from kinmap.mapping import services as mapping
from kinmap.people.models import Child, Household, NetworkMember, Relationship, RelationshipType
from kinmap.rules.services import check_child

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 2)
# Tables that grow with the council's children: a query of the child's page may only look rows up
# in them by an index on the child's own rows, never read them whole nor every row of the council.
# (Staff, teams, sessions and pack versions are small.) Joined tables show by their alias (T3, U0).
COUNCIL_TABLES = re.compile(r"^(people|journey|mapping|rules_ruleresult)_|^[A-Z]\d+$")
_SQLITE_STEP = re.compile(r"(SCAN|SEARCH) (\w+)(?: AS \w+)?(.*)")
BY_COUNCIL = {
    "sqlite": re.compile(r" USING (COVERING )?INDEX \w+ \(council_id=\?\)"),
    "postgresql": re.compile(r"\((\w+\.)?council_id = '?\d+'?(::bigint)?\)"),
}


def _family(*, worker: StaffMember, surname: str) -> tuple[Child, set[str]]:
    """A child with a household, a parent, a grandparent in the network, a teacher, visits, a
    mapping with a statement, scaling and a next step, and the rules checked; and the names of the
    people their page should show."""
    child = make_child(practitioner=worker, first_name="Sam", last_name=surname, service_area="child_in_need")
    council = child.council
    home = Household.objects.create(
        council=council, address_line_1="1 High Street", town="Hexham", postcode="NE46 1AA"
    )
    mum = make_person(council=council, first_name="Ann", last_name=surname, household=home)
    partner = make_person(council=council, first_name="Lee", last_name=f"{surname}-Hart", household=home)
    child.person.household = home
    child.person.save()
    gran = make_person(council=council, first_name="Iris", last_name=surname)
    teacher = make_person(
        council=council, first_name="Pat", last_name=f"Moss-{surname}", is_professional=True
    )
    Relationship.objects.create(from_person=mum, to_person=child.person, kind=RelationshipType.PARENT)
    Relationship.objects.create(from_person=gran, to_person=mum, kind=RelationshipType.PARENT)
    Relationship.objects.create(from_person=partner, to_person=mum, kind=RelationshipType.PARTNER)
    NetworkMember.objects.create(child=child, person=gran, role="safety_person", circle="inner")
    NetworkMember.objects.create(child=child, person=teacher, role="professional", circle="outer")
    for day in (5, 19):
        make_event(
            child=child, type="home_visit", occurred_on=date(2026, 1, day), attributes={"child_seen": True}
        )
    by = worker.user
    done = mapping.mapping_start(by=by, child=child, mapped_on=date(2026, 1, 20), mapped_with="family")
    mapping.mapping_entry_add(
        by=by,
        mapping=done,
        domain="harm",
        data=mapping.EntryInput(text="A bruise", source="professional", kind="fact"),
    )
    statement = mapping.statement_pair_create(
        by=by,
        child=child,
        who_is_worried="Social worker",
        worry="Sam may be hurt",
        impact="Sam is scared",
        goal="Sam is safe at home",
        mapping=done,
    )
    question = mapping.scaling_question_create(
        by=by,
        child=child,
        question="How safe is Sam?",
        zero_means="Not safe",
        ten_means="Safe",
        statement=statement,
    )
    mapping.scaling_round_record(
        by=by,
        question=question,
        scored_on=date(2026, 1, 20),
        scores=[mapping.ScoreInput(score=4, role="parent", person=mum)],
    )
    mapping.next_step_add(by=by, child=child, what="Visit again", due_on=date(2026, 3, 9), owner_staff=worker)
    check_child(child=child, as_of=AS_OF)
    return child, {f"{p.first_name} {p.last_name}" for p in (mum, partner, gran, teacher)}


def _page(client, child: Child) -> tuple[int, str, list[str]]:
    client.get(child.get_absolute_url())  # sessions and caches warmed, as on a second visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(child.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _whole_table_reads(sqls: list[str]) -> list[str]:
    """The council's tables that the database plans to read whole for these queries."""
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The statistics autovacuum keeps in production (without them, two indexes on a table
            # of a few rows tie); and with sequential scans priced out, one is planned only where no
            # index can serve.
            cursor.execute("ANALYZE")
            cursor.execute("SET enable_seqscan = off")
        for sql in sqls:
            if not sql.lstrip("( ").upper().startswith("SELECT"):
                continue
            if connection.vendor == "postgresql":
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                found += _seq_scans(cursor.fetchone()[0][0]["Plan"])
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                for *_, detail in cursor.fetchall():
                    step = _SQLITE_STEP.match(detail)
                    if step and (
                        (step[1] == "SCAN" and COUNCIL_TABLES.match(step[2]))
                        or BY_COUNCIL["sqlite"].fullmatch(step[3])
                    ):
                        found.append(step[2])
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
    return found


def _seq_scans(node: dict) -> list[str]:
    """Tables a PostgreSQL plan reads whole: scanned where no index serves, or looked up by the
    council alone. (A table of a few rows may be walked whole by an index instead of scanned: that
    is the planner's cheapest way through a small table, not a missing index.)"""
    scanned = node["Node Type"] == "Seq Scan" and COUNCIL_TABLES.match(node["Relation Name"])
    by_council = BY_COUNCIL["postgresql"].fullmatch(node.get("Index Cond", ""))
    own = [node.get("Relation Name", node.get("Index Name", ""))] if scanned or by_council else []
    return own + [n for child in node.get("Plans", []) for n in _seq_scans(child)]


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER])
def test_the_child_page_costs_the_same_in_a_small_and_a_large_council(client, role):
    team = make_team(name="Family Support Team", service_areas=["child_in_need"])
    worker = make_staff(team=team, username="asha", first_name="Asha", last_name="Reed")
    child, people = _family(worker=worker, surname="Fielding")
    _family(worker=worker, surname="Oakes")  # a neighbour family in the small council
    reader = worker if role == Role.PRACTITIONER else make_staff(team=team, role=role)
    client.force_login(reader.user)

    small_count, small_page, _ = _page(client, child)

    for n in range(10):
        colleague = make_staff(team=make_team(name=f"Team {n % 5}", service_areas=["child_in_need"]))
        _family(worker=colleague if n % 2 else worker, surname=f"Family{n}")
    large_count, large_page, sqls = _page(client, child)

    assert large_count == small_count
    for name in people:
        assert name in small_page and name in large_page
    for page in (small_page, large_page):
        assert "Oakes" not in page and "Family1" not in page  # no one from another family
    assert _whole_table_reads(sqls) == []
