"""A small council whose children's records give every status, dated from today.

Two assessment teams of the england pack. The rule that does the work is "decide what happens next
within one working day of a referral": each child's referral and decision are placed so that the
result is known from the dates alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kinmap.core.testing import make_child, make_council, make_event, make_staff, make_team
from kinmap.councils.models import Council, Role, StaffMember, Team
from kinmap.mapping.models import NextStep
from kinmap.people.models import Child
from kinmap.rules.deadlines import add_working_days, subtract_working_days
from kinmap.rules.services import check_council

REFERRAL_RULE = "eng-referral-decision-1-working-day"


@dataclass
class Scene:
    today: date
    council: Council
    team: Team
    other_team: Team
    asha: StaffMember  # practitioner, team 1
    ben: StaffMember  # practitioner, team 1
    mia: StaffMember  # team manager, team 1
    carol: StaffMember  # practitioner, team 2
    admin: StaffMember
    auditor: StaffMember
    chair: StaffMember
    sam: Child  # Asha's: referral 10 working days ago, no decision -> overdue
    lee: Child  # Asha's: referral today -> due tomorrow (working day)
    kai: Child  # Asha's: decided the day of the referral -> met
    ria: Child  # Asha's: decided 5 working days after the referral -> met late
    mo: Child  # Ben's: referral 10 working days ago, no decision -> overdue
    zed: Child  # Carol's, the other team: referral 12 working days ago -> overdue


def wd_ago(today: date, n: int) -> date:
    return subtract_working_days(today, n)


def build(*, check: bool = True) -> Scene:
    today = timezone.localdate()
    council = make_council(name="Testshire", pack_name="england")
    team = make_team(council=council, name="Assessment Team 1")
    other = make_team(council=council, name="Assessment Team 2")

    def staff(username: str, first: str, last: str, role: str = Role.PRACTITIONER, in_team: Team = team):
        return make_staff(team=in_team, role=role, username=username, first_name=first, last_name=last)

    asha, ben = staff("asha", "Asha", "Reed"), staff("ben", "Ben", "Okafor")
    mia = staff("mia", "Mia", "Hughes", Role.TEAM_MANAGER)
    carol = staff("carol", "Carol", "Dunn", in_team=other)
    admin = staff("admin", "Ada", "Min", Role.ADMINISTRATOR)
    auditor = staff("audrey", "Audrey", "Tor", Role.AUDITOR)
    chair = staff("chris", "Chris", "Chair", Role.CHAIR)

    started = wd_ago(today, 40)

    def child(first: str, lead: StaffMember, referral_ago: int, decided_ago: int | None = None) -> Child:
        c = make_child(
            practitioner=lead, team=lead.team, first_name=first, last_name="Testcase", started_on=started
        )
        make_event(child=c, type="referral_received", occurred_on=wd_ago(today, referral_ago))
        if decided_ago is not None:
            make_event(
                child=c,
                type="referral_decision",
                occurred_on=wd_ago(today, decided_ago),
                attributes={"decision": "assessment"},
            )
        return c

    scene = Scene(
        today=today,
        council=council,
        team=team,
        other_team=other,
        asha=asha,
        ben=ben,
        mia=mia,
        carol=carol,
        admin=admin,
        auditor=auditor,
        chair=chair,
        sam=child("Sam", asha, 10),
        lee=child("Lee", asha, 0),
        kai=child("Kai", asha, 20, 20),
        ria=child("Ria", asha, 30, 25),
        mo=child("Mo", ben, 10),
        zed=child("Zed", carol, 12),
    )
    for owner, who, what, due in (
        (asha, scene.sam, "Ring Sam's school about his attendance", add_working_days(today, 2)),
        (asha, scene.sam, "Book the family network meeting", add_working_days(today, 30)),
        (ben, scene.mo, "Visit Mo's grandmother", today),
    ):
        NextStep.objects.create(child=who, what=what, owner_staff=owner, due_on=due)
    if check:
        check_council(council=council, as_of=today)
    return scene
