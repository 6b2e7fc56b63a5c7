"""Demo families: a household, the children, their parents and step-parents, grandparents, friends and
the professionals around them, with typed relationships (enough for a genogram) and each child's
network (safety people with a job, support, professionals) in its circles.

Each family is made from its own random stream, so the same seed always makes the same family.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kinmap.councils.models import Council
from kinmap.demo.batch import Batch, stamp
from kinmap.demo.people import (
    ADULT_DISABILITIES,
    CHILD_DISABILITIES,
    NORTH_TOWNS,
    SAFETY_JOBS,
    SUPPORT_JOBS,
    PeopleMaker,
)
from kinmap.people.models import Child, Household, NetworkMember, Person, Relationship

# The youngest child's age in years when the family first comes to the front door, by path.
YOUNGEST_AGE = {
    "front_door": (0, 13),
    "early_help": (0, 12),
    "assessment": (0, 12),
    "child_in_need": (0, 12),
    "child_protection": (0, 11),
    "looked_after": (0, 13),
    "fostering": (1, 11),
    "nrpf": (0, 10),
    "youth_justice": (12, 16),
    "edge_of_care": (11, 15),
    "disabilities": (2, 14),
    "adoption": (0, 0),
}
# Paths that work with one child; the others in the household are in the family but not worked with.
ONE_CHILD_PATHS = frozenset({"care_leaver", "youth_justice", "edge_of_care", "disabilities", "adoption"})


@dataclass
class Family:
    surname: str
    home: Household
    contact_on: date
    path: str
    mother: Person | None = None
    father: Person | None = None
    partner: Person | None = None
    partner_since: date | None = None
    grandparents: list[Person] = field(default_factory=list)
    children: list[Person] = field(default_factory=list)  # every child in the family, unborn included
    worked_with: list[tuple[Person, Child]] = field(default_factory=list)
    network: list[tuple[Person, str, str, str]] = field(default_factory=list)  # person, role, circle, job

    @property
    def north(self) -> bool:
        return self.home.town in NORTH_TOWNS


def moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A time on a day in the council's time zone (records say when they were made)."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


class FamilyMaker:
    """Makes one family at a time into a Batch. `shown` keeps which kinds of family have been made, so
    that even a small demo has step-parents, half-siblings, an unborn child and an interpreter."""

    def __init__(
        self,
        *,
        council: Council,
        maker: PeopleMaker,
        as_of: date,
        professionals: list[Person],
        first_reference: int = 1,
    ) -> None:
        self.council = council
        self.maker = maker
        self.as_of = as_of
        self.professionals = professionals
        self.shown: set[str] = set()
        self._reference = first_reference

    # --- building blocks -------------------------------------------------------------------------

    def household(self, batch: Batch, *, on: date, user, town: str | None = None) -> Household:
        address = self.maker.address(town=town)
        home = Household(
            council=self.council,
            address_line_1=address.address_line_1,
            address_line_2=address.address_line_2,
            town=address.town,
            postcode=address.postcode,
        )
        stamp(home, at=moment(on, 9, 30), user=user)
        batch.households.append(home)
        return home

    def person(
        self,
        batch: Batch,
        *,
        rng: random.Random,
        on: date,
        user,
        last: str,
        sex: str,
        born: date | None,
        home: Household | None,
        ethnicity: str,
        adult: bool,
        first: str | None = None,
        nrpf: bool = False,
        interpreter: bool | None = None,
        expected: date | None = None,
    ) -> Person:
        first = first or self.maker.first_name(sex)
        language, needs_interpreter = self.maker.language(ethnicity, adult=adult, nrpf=nrpf)
        if interpreter is not None and adult:
            needs_interpreter = interpreter
            if interpreter and language == "English":
                language = "Arabic"
        facts: dict = {}
        if adult:
            facts["phone"] = self.maker.phone() if rng.random() < 0.9 else ""
            facts["email"] = self.maker.email(first, last) if rng.random() < 0.4 else ""
            facts.update(self.maker.contact_preferences(interpreter=needs_interpreter, language=language))
            facts["disability"] = rng.choice(ADULT_DISABILITIES) if rng.random() < 0.1 else ""
        elif born is not None:
            facts["disability"] = rng.choice(CHILD_DISABILITIES) if rng.random() < 0.06 else ""
        person = Person(
            council=self.council,
            first_name=first,
            last_name=last,
            sex=sex,
            date_of_birth=born,
            expected_date_of_birth=expected,
            ethnicity=ethnicity,
            first_language=language,
            interpreter_needed=needs_interpreter,
            household=home,
            **facts,
        )
        stamp(person, at=moment(on, 10, rng.randint(0, 59)), user=user)
        batch.people.append(person)
        return person

    def relate(
        self,
        batch: Batch,
        *,
        on: date,
        user,
        from_person: Person,
        to_person: Person,
        kind: str,
        started_on: date | None = None,
        ended_on: date | None = None,
        notes: str = "",
    ) -> None:
        relationship = Relationship(
            from_person=from_person,
            to_person=to_person,
            kind=kind,
            started_on=started_on,
            ended_on=ended_on,
            notes=notes,
        )
        stamp(relationship, at=moment(on, 11), user=user)
        batch.relationships.append(relationship)

    def join_network(
        self,
        batch: Batch,
        *,
        child: Child,
        name: str,
        person: Person,
        role: str,
        circle: str,
        job: str,
        on: date,
        user,
    ) -> None:
        member = NetworkMember(
            child=child, person=person, role=role, circle=circle, job=job.format(child=name), joined_on=on
        )
        stamp(member, at=moment(on, 15), user=user)
        batch.network.append(member)

    def reference(self) -> str:
        self._reference += 1
        return f"DEMO-{self._reference:06d}"

    # --- a family --------------------------------------------------------------------------------

    def make(
        self,
        batch: Batch,
        *,
        path: str,
        size: int,
        contact_on: date,
        window_start: date,
        rng: random.Random,
        user,
    ) -> Family:
        """A family for a child's journey along `path`, with `size` children the council works with."""
        nrpf = path == "nrpf"
        surname = self.maker.surname()
        ethnicity = self.maker.ethnicity(nrpf=nrpf)
        on = contact_on
        home = self.household(batch, on=on, user=user)
        family = Family(surname=surname, home=home, contact_on=contact_on, path=path)
        interpreter = True if nrpf and "interpreter" not in self.shown else None
        if interpreter:
            self.shown.add("interpreter")

        # A pre-birth assessment: the unborn baby is the child worked with.
        unborn = path == "assessment" and ("unborn" not in self.shown or rng.random() < 0.1)
        births = (
            []
            if unborn
            else self._birth_dates(
                path=path, size=size, contact_on=contact_on, window_start=window_start, rng=rng
            )
        )
        oldest = min((b for b in births if b), default=contact_on)
        mother_born = oldest - relativedelta(years=rng.randint(18, 34), days=rng.randint(0, 364))
        family.mother = self.person(
            batch,
            rng=rng,
            on=on,
            user=user,
            last=surname,
            sex="F",
            born=mother_born,
            home=home,
            ethnicity=ethnicity,
            adult=True,
            nrpf=nrpf,
            interpreter=interpreter,
        )

        # Who the children's fathers are, and who lives at home.
        scenario = self._scenario(rng=rng, size=len(births) + (1 if unborn else 0))
        father_home = home if scenario == "together" else None
        if scenario != "single":
            father_home = father_home or self.household(batch, on=on, user=user)
            family.father = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=surname,
                sex="M",
                born=mother_born - relativedelta(years=rng.randint(-3, 8)),
                home=father_home,
                ethnicity=ethnicity,
                adult=True,
                nrpf=nrpf,
            )
            met = oldest - relativedelta(years=rng.randint(1, 6))
            if scenario == "together":
                self.relate(
                    batch,
                    on=on,
                    user=user,
                    from_person=family.mother,
                    to_person=family.father,
                    kind="partner",
                    started_on=met,
                )
            else:
                parted = max(oldest, contact_on - relativedelta(months=rng.randint(2, 40)))
                self.relate(
                    batch,
                    on=on,
                    user=user,
                    from_person=family.mother,
                    to_person=family.father,
                    kind="ex_partner",
                    started_on=met,
                    ended_on=parted,
                )
        if scenario in ("new_partner", "half_siblings"):
            family.partner = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=self.maker.surname(),
                sex="M",
                born=mother_born - relativedelta(years=rng.randint(-4, 6)),
                home=home,
                ethnicity=self.maker.ethnicity(),
                adult=True,
            )
            family.partner_since = contact_on - relativedelta(months=rng.randint(3, 30))
            if scenario == "half_siblings" and births:
                family.partner_since = min(
                    family.partner_since, births[-1] - relativedelta(months=rng.randint(10, 30))
                )
            self.relate(
                batch,
                on=on,
                user=user,
                from_person=family.mother,
                to_person=family.partner,
                kind="partner",
                started_on=family.partner_since,
            )

        # The children: the ones worked with first, then brothers and sisters who are not.
        worked = len(births) if path not in ONE_CHILD_PATHS else 1
        for i, born in enumerate(births):
            sex = self.maker.sex()
            youngest_of_partner = scenario == "half_siblings" and i == len(births) - 1
            last = family.partner.last_name if youngest_of_partner and family.partner else surname
            child_person = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=last,
                sex=sex,
                born=born,
                home=home,
                ethnicity=ethnicity,
                adult=False,
                nrpf=nrpf,
            )
            if path == "disabilities" and i == 0:
                child_person.disability = rng.choice(CHILD_DISABILITIES)
            child_person._youngest_of_partner = youngest_of_partner  # type: ignore[attr-defined]
            family.children.append(child_person)
            if i < worked:
                self._work_with(batch, family, child_person, on=on, user=user)
        if unborn:
            expected = self.as_of + timedelta(days=rng.randint(30, 150))
            baby = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=surname,
                sex="U",
                born=None,
                first="Unborn",
                expected=expected,
                home=home,
                ethnicity=ethnicity,
                adult=False,
            )
            baby._youngest_of_partner = scenario == "half_siblings"  # type: ignore[attr-defined]
            family.children.append(baby)
            self._work_with(batch, family, baby, on=on, user=user)
            self.shown.add("unborn")

        self._relate_children(batch, family, on=on, user=user)
        self._wider_family(
            batch, family, rng=rng, on=on, user=user, ethnicity=ethnicity, nrpf=nrpf, mother_born=mother_born
        )
        return family

    def _birth_dates(
        self, *, path: str, size: int, contact_on: date, window_start: date, rng: random.Random
    ) -> list[date]:
        if path == "care_leaver":
            # Turns 18 inside the two years, late enough to have come into care at 16 or 17.
            eighteenth = window_start + timedelta(days=rng.randint(270, 640))
            return [eighteenth - relativedelta(years=18)]
        low, high = YOUNGEST_AGE[path]
        youngest = contact_on - relativedelta(years=rng.randint(low, high), days=rng.randint(0, 330))
        if path == "adoption":
            youngest = contact_on - timedelta(days=rng.randint(0, 60))
        births = [youngest]
        others = size - 1 if path not in ONE_CHILD_PATHS else rng.choice((0, 0, 1, 2))
        for _ in range(others):
            older = births[-1] - relativedelta(years=rng.randint(1, 4), days=rng.randint(0, 200))
            if contact_on - older > timedelta(days=365 * 17):
                break
            births.append(older)
        return sorted(births)  # eldest first

    def _scenario(self, *, rng: random.Random, size: int) -> str:
        """How the family is made up; a small demo still shows each kind once."""
        if size >= 2 and "half_siblings" not in self.shown:
            self.shown.add("half_siblings")
            return "half_siblings"
        if "new_partner" not in self.shown:
            self.shown.add("new_partner")
            return "new_partner"
        choices = ["together", "separated", "new_partner", "single"] + (
            ["half_siblings"] if size >= 2 else []
        )
        weights = [35, 25, 15, 15] + ([10] if size >= 2 else [])
        return rng.choices(choices, weights)[0]

    def _work_with(self, batch: Batch, family: Family, person: Person, *, on: date, user) -> None:
        child = Child(person=person, council=self.council, reference=self.reference())
        stamp(child, at=moment(on, 10, 30), user=user)
        batch.children.append(child)
        family.worked_with.append((person, child))

    def _relate_children(self, batch: Batch, family: Family, *, on: date, user) -> None:
        kids = family.children
        for child in kids:
            partners_child = getattr(child, "_youngest_of_partner", False)
            if family.mother:
                self.relate(
                    batch, on=on, user=user, from_person=family.mother, to_person=child, kind="parent"
                )
            if partners_child and family.partner:
                self.relate(
                    batch, on=on, user=user, from_person=family.partner, to_person=child, kind="parent"
                )
            elif family.father:
                self.relate(
                    batch, on=on, user=user, from_person=family.father, to_person=child, kind="parent"
                )
            if family.partner and not partners_child:
                self.relate(
                    batch,
                    on=on,
                    user=user,
                    from_person=family.partner,
                    to_person=child,
                    kind="step_parent",
                    started_on=family.partner_since,
                )
        for i, older in enumerate(kids):
            for younger in kids[i + 1 :]:
                half = getattr(older, "_youngest_of_partner", False) != getattr(
                    younger, "_youngest_of_partner", False
                )
                self.relate(
                    batch,
                    on=on,
                    user=user,
                    from_person=older,
                    to_person=younger,
                    kind="half_sibling" if half else "sibling",
                )

    def _wider_family(
        self,
        batch: Batch,
        family: Family,
        *,
        rng: random.Random,
        on: date,
        user,
        ethnicity: str,
        nrpf: bool,
        mother_born: date,
    ) -> None:
        """Grandparents, an aunt, a friend, a neighbour and professionals, and each child's network."""
        mother = family.mother
        assert mother is not None
        gran_home = self.household(batch, on=on, user=user, town=family.home.town) if not nrpf else None
        wider: list[tuple[Person, str, str, str]] = []  # person, kind to the child, role, circle
        if rng.random() < (0.75 if not nrpf else 0.15):
            gran = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=self.maker.surname(),
                sex="F",
                born=mother_born - relativedelta(years=rng.randint(19, 30)),
                home=gran_home,
                ethnicity=ethnicity,
                adult=True,
            )
            family.grandparents.append(gran)
            self.relate(batch, on=on, user=user, from_person=gran, to_person=mother, kind="parent")
            wider.append((gran, "grandparent", "safety_person", "inner"))
            if rng.random() < 0.5:
                grandad = self.person(
                    batch,
                    rng=rng,
                    on=on,
                    user=user,
                    last=gran.last_name,
                    sex="M",
                    born=gran.date_of_birth - relativedelta(years=rng.randint(-2, 5)),
                    home=gran_home,
                    ethnicity=ethnicity,
                    adult=True,
                )
                family.grandparents.append(grandad)
                self.relate(batch, on=on, user=user, from_person=grandad, to_person=mother, kind="parent")
                self.relate(batch, on=on, user=user, from_person=gran, to_person=grandad, kind="partner")
                wider.append((grandad, "grandparent", "support", "middle"))
        if family.father and rng.random() < 0.3:
            nana = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=family.father.last_name,
                sex="F",
                born=mother_born - relativedelta(years=rng.randint(20, 30)),
                home=family.father.household,
                ethnicity=ethnicity,
                adult=True,
            )
            family.grandparents.append(nana)
            self.relate(batch, on=on, user=user, from_person=nana, to_person=family.father, kind="parent")
            wider.append((nana, "grandparent", "support", "middle"))
        if rng.random() < 0.3:
            aunt = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=self.maker.surname(),
                sex="F",
                born=mother_born + relativedelta(years=rng.randint(-6, 6)),
                home=None,
                ethnicity=ethnicity,
                adult=True,
            )
            self.relate(batch, on=on, user=user, from_person=aunt, to_person=mother, kind="sibling")
            wider.append((aunt, "aunt_uncle", rng.choice(("safety_person", "support")), "inner"))
        if rng.random() < 0.4:
            friend = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=self.maker.surname(),
                sex=self.maker.sex(),
                born=mother_born + relativedelta(years=rng.randint(-5, 5)),
                home=None,
                ethnicity=self.maker.ethnicity(),
                adult=True,
            )
            self.relate(batch, on=on, user=user, from_person=friend, to_person=mother, kind="friend")
            wider.append((friend, "", rng.choice(("support", "safety_person")), "middle"))
        if rng.random() < 0.15:
            neighbour = self.person(
                batch,
                rng=rng,
                on=on,
                user=user,
                last=self.maker.surname(),
                sex=self.maker.sex(),
                born=mother_born - relativedelta(years=rng.randint(5, 30)),
                home=None,
                ethnicity=self.maker.ethnicity(),
                adult=True,
            )
            self.relate(batch, on=on, user=user, from_person=neighbour, to_person=mother, kind="neighbour")
            wider.append((neighbour, "", "support", "outer"))
        for person, kind, _, _ in wider:
            if kind:
                for child in family.children:
                    self.relate(batch, on=on, user=user, from_person=person, to_person=child, kind=kind)
        professionals = rng.sample(self.professionals, k=min(len(self.professionals), rng.randint(2, 3)))

        if family.path == "front_door":
            return  # nobody worked with the family beyond the front door: no network was gathered
        joined = min(self.as_of, family.contact_on + timedelta(days=rng.randint(7, 40)))
        for person, child in family.worked_with:
            name = person.first_name if person.date_of_birth else "the baby"
            for member, _, role, circle in wider:
                jobs = SAFETY_JOBS if role == "safety_person" else SUPPORT_JOBS
                self.join_network(
                    batch,
                    child=child,
                    name=name,
                    person=member,
                    role=role,
                    circle=circle,
                    job=rng.choice(jobs),
                    on=joined,
                    user=user,
                )
            for professional in professionals:
                self.relate(
                    batch,
                    on=on,
                    user=user,
                    from_person=professional,
                    to_person=person,
                    kind="professional",
                    notes=f"{professional.profession}, {professional.organisation}",
                )
                self.join_network(
                    batch,
                    child=child,
                    name=name,
                    person=professional,
                    role="professional",
                    circle="outer",
                    job=f"{professional.profession}: shares what they see and comes to meetings",
                    on=joined,
                    user=user,
                )
