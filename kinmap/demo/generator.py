"""The demo council, Demoshire: teams, staff for every role, and synthetic families with two years of
history, made deterministically from a seed.

`build_demo_council` makes it (fast enough for councils of 10,000 children and more: records are
inserted in bulk, history rows included); `remove_council` takes a demo council away again;
`sign_ins` lists the accounts to try it with. Everything here is synthetic (see kinmap/demo/people.py).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from time import perf_counter

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kinmap.councils.models import Council, Role, StaffMember, Team
from kinmap.demo.batch import Batch, stamp
from kinmap.demo.families import ONE_CHILD_PATHS, FamilyMaker, moment
from kinmap.demo.journeys import Staffing, Track
from kinmap.demo.mapping import Plan, fill, set_aside
from kinmap.demo.people import COUNCIL_NAME, PeopleMaker
from kinmap.demo.timescales import Timescales
from kinmap.people.models import Household, Person

DEMO_SLUG = "demoshire"
DEMO_PASSWORD = "try-kinmap-demo"
CHUNK_CHILDREN = 1000  # children built in memory before they are written

# Paths through the services and how common each is, roughly like a county's flow of children.
PATHS: dict[str, int] = {
    "front_door": 14,
    "early_help": 20,
    "assessment": 12,
    "child_in_need": 13,
    "child_protection": 10,
    "looked_after": 7,
    "care_leaver": 3,
    "fostering": 3,
    "adoption": 2,
    "youth_justice": 5,
    "disabilities": 4,
    "edge_of_care": 3,
    "nrpf": 4,
}
# The kinds of team each path passes through (to size the teams).
PATH_TEAMS: dict[str, tuple[str, ...]] = {
    "front_door": ("front_door",),
    "early_help": ("front_door", "early_help"),
    "assessment": ("front_door", "assessment", "early_help"),
    "child_in_need": ("front_door", "assessment", "safeguarding"),
    "child_protection": ("front_door", "assessment", "safeguarding"),
    "looked_after": ("front_door", "assessment", "safeguarding", "children_in_care"),
    "care_leaver": ("front_door", "assessment", "fourteen_plus", "leaving_care"),
    "fostering": ("front_door", "assessment", "children_in_care", "fostering"),
    "adoption": ("front_door", "assessment", "children_in_care", "adoption"),
    "youth_justice": ("youth_justice",),
    "disabilities": ("front_door", "disabilities"),
    "edge_of_care": ("front_door", "assessment", "safeguarding", "edge_of_care"),
    "nrpf": ("front_door", "nrpf"),
}
# kind, name, service areas, practitioners' job title, children per practitioner over two years
TEAMS: tuple[tuple[str, str, list[str], str, int], ...] = (
    ("front_door", "Front Door (MASH)", ["first_contact"], "Social worker", 150),
    ("early_help", "Early Help North", ["early_help"], "Family worker", 40),
    ("early_help", "Early Help South", ["early_help"], "Family worker", 40),
    ("assessment", "Assessment Team 1", ["assessment"], "Social worker", 50),
    ("assessment", "Assessment Team 2", ["assessment"], "Social worker", 50),
    ("safeguarding", "Safeguarding Team 1", ["child_in_need", "child_protection"], "Social worker", 25),
    ("safeguarding", "Safeguarding Team 2", ["child_in_need", "child_protection"], "Social worker", 25),
    ("children_in_care", "Children in Care Team", ["looked_after"], "Social worker", 18),
    ("fourteen_plus", "14+ Team", ["looked_after"], "Social worker", 18),
    ("leaving_care", "Leaving Care Team", ["care_leaver"], "Personal adviser", 22),
    ("fostering", "Fostering and Kinship Team", ["fostering"], "Supervising social worker", 20),
    ("adoption", "Adoption and Permanence Team", ["adoption"], "Social worker", 15),
    ("youth_justice", "Youth Justice Service", ["youth_justice"], "Youth justice worker", 25),
    ("disabilities", "Children with Disabilities Team", ["disabilities"], "Social worker", 25),
    ("edge_of_care", "Edge of Care Team", ["edge_of_care"], "Family worker", 20),
    ("nrpf", "No Recourse to Public Funds Team", ["nrpf"], "Social worker", 25),
)
REVIEWING_TEAM = "Independent Reviewing Service"
# The accounts to try the demo with: role, username, first name, the team they belong to.
SIGN_INS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("Practitioner", "amy.practitioner", "Amy", Role.PRACTITIONER, "Safeguarding Team 1"),
    ("Practitioner in another team", "ben.practitioner", "Ben", Role.PRACTITIONER, "Assessment Team 1"),
    ("Team manager", "carla.manager", "Carla", Role.TEAM_MANAGER, "Safeguarding Team 1"),
    ("Conference chair and IRO", "dev.chair", "Dev", Role.CHAIR, REVIEWING_TEAM),
    ("Auditor", "erin.auditor", "Erin", Role.AUDITOR, None),
    ("Administrator", "femi.admin", "Femi", Role.ADMINISTRATOR, None),
)
# Families whose work is under way on the as-of date, led by the sign-in practitioners (so that the
# demo's practitioner has children to work with): path, and the contact date's range in days before.
SHOWCASE: tuple[tuple[str, int, int], ...] = (
    ("child_protection", 90, 150),
    ("child_in_need", 150, 240),
    ("child_protection", 45, 80),
    ("child_in_need", 100, 200),
    ("assessment", 8, 25),
    ("assessment", 15, 40),
)
CHILDREN_HOMES = ("Oak House", "Willow Lodge", "Beech View", "Rowan House", "Elm Court", "Hazel Lodge")
SIZES = ((1, 40), (2, 30), (3, 20), (4, 10))


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    name: str
    job_title: str
    team: str | None


@dataclass
class DemoBuild:
    council: Council
    as_of: date
    seed: int
    families: int = 0
    seconds: float = 0.0
    rows: Counter = field(default_factory=Counter)

    @property
    def children(self) -> int:
        return self.rows["children"]


def build_demo_council(
    *,
    children: int,
    seed: int = 1,
    pack: str = "northumberland",
    as_of: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoBuild:
    """Make the demo council with `children` children and two years of their journeys up to `as_of`.

    The same seed and as-of date make the same council: the same people, journeys and events."""
    if children < 1:
        raise ValueError("A demo council needs at least one child.")
    as_of = as_of or timezone.localdate()
    say = progress or (lambda _message: None)
    started = perf_counter()
    window_start = as_of - relativedelta(years=2)
    rng = random.Random(seed)
    maker = PeopleMaker(seed=seed)
    build = DemoBuild(
        council=Council(name=COUNCIL_NAME, slug=DEMO_SLUG, pack_name=pack), as_of=as_of, seed=seed
    )
    with transaction.atomic():
        build.council.save()
        staffing = _staff(
            council=build.council, children=children, maker=maker, rng=rng, window_start=window_start
        )
        build.rows["staff"] = (
            sum(len(p) for p in staffing.practitioners.values())
            + len(staffing.managers)
            + len(staffing.chairs)
            + 2
        )
        admin = StaffMember.objects.get(council=build.council, role=Role.ADMINISTRATOR).user
        professionals, pools = _pools(
            council=build.council, children=children, maker=maker, rng=rng, on=window_start, user=admin
        )
        build.rows.update(pools.write())
        staffing.carers, staffing.children_homes = _carers(pools)
        families = FamilyMaker(council=build.council, maker=maker, as_of=as_of, professionals=professionals)
        front_door = staffing.practitioners[staffing.teams["front_door"][0].pk]
        timescales = Timescales(pack=pack)
        batch, in_batch = Batch(), 0
        plans: list[Plan] = []
        leads = {staff for _, staff in staffing.showcase.values()}
        for path, size, kind, kinds_after in _families(rng=rng):
            room = children - build.children - in_batch
            if room < 1:
                break
            size = min(size, max(1, room - kinds_after))  # leave room for one family of each kind
            fam_seed = rng.getrandbits(48)
            family_rng = random.Random(fam_seed)
            latest = {"adoption": 270, "care_leaver": 200}.get(path, (as_of - window_start).days - 5)
            if isinstance(kind, tuple):  # a showcase family: under way on the as-of date
                contact_on = as_of - timedelta(days=family_rng.randint(*kind))
            else:
                contact_on = window_start + timedelta(
                    days=family_rng.randint(0, min(latest, 300) if kind else latest)
                )
            family = families.make(
                batch,
                path=path,
                size=size,
                contact_on=contact_on,
                window_start=window_start,
                rng=family_rng,
                user=family_rng.choice(front_door).user,
            )
            build.families += 1
            wants = frozenset({"icpc", "showcase"} if isinstance(kind, tuple) else {"icpc"} if kind else ())
            events_from, involvements_from = len(batch.events), len(batch.involvements)
            for index, (person, child) in enumerate(family.worked_with):
                track = Track(
                    staffing=staffing,
                    timescales=timescales,
                    batch=batch,
                    families=families,
                    family=family,
                    person=person,
                    child=child,
                    fam_seed=fam_seed,
                    index=index,
                    as_of=as_of,
                    wants=wants,
                )
                getattr(track, f"path_{path}")(contact_on)
            if "showcase" in wants:
                plans += set_aside(
                    batch,
                    family=family,
                    events_from=events_from,
                    involvements_from=involvements_from,
                    leads=leads,
                    as_of=as_of,
                    seed=fam_seed,
                )
            in_batch += len(family.worked_with)
            if in_batch >= CHUNK_CHILDREN:
                build.rows.update(batch.write())
                batch, in_batch = Batch(), 0
                say(f"  {build.children:,} of {children:,} children")
        build.rows.update(batch.write())
        build.rows["mapped_children"] = fill(plans, as_of=as_of)
    build.seconds = perf_counter() - started
    return build


def _families(*, rng: random.Random) -> Iterator[tuple[str, int, bool | tuple[int, int], int]]:
    """Which path each family takes, how many children are in it, what kind of family it is (the first
    of its path: True; a showcase family: its contact window) and how many first families are still
    to come: one family of every path first, so that even a small demo covers every service area, then
    the showcase families, then families in their usual shares."""
    kinds = list(PATHS)
    for i, path in enumerate(kinds):
        yield path, _size(path, rng), True, len(kinds) - i - 1
    for path, soonest, latest in SHOWCASE:
        yield path, _size(path, rng), (soonest, latest), 0
    weights = list(PATHS.values())
    while True:
        path = rng.choices(kinds, weights)[0]
        yield path, _size(path, rng), False, 0


def _size(path: str, rng: random.Random) -> int:
    if path in ONE_CHILD_PATHS or path == "care_leaver":
        return 1
    return rng.choices([s for s, _ in SIZES], [w for _, w in SIZES])[0]


def _staff(
    *, council: Council, children: int, maker: PeopleMaker, rng: random.Random, window_start: date
) -> Staffing:
    """Teams for every service area and staff for every role, sized for the number of children."""
    share = sum(PATHS.values())
    reach: Counter = Counter()
    for path, weight in PATHS.items():
        for kind in PATH_TEAMS[path]:
            reach[kind] += children * weight / share
    kinds = Counter(kind for kind, *_ in TEAMS)
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo account shares it
    joined = moment(window_start - timedelta(days=30), 9)
    usernames: set[str] = set()
    users, staff = [], []

    def person(
        *, team: Team | None, role: str, job: str, username: str | None = None, first: str | None = None
    ) -> StaffMember:
        sex = maker.sex()
        first = first or maker.first_name(sex)
        last = maker.surname()
        if username is None:
            base = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
            username, n = base, 1
            while username in usernames:
                n += 1
                username = f"{base}{n}"
        usernames.add(username)
        user = user_model(
            username=username,
            first_name=first,
            last_name=last,
            password=password,
            email=f"{username}@demoshire.example",
            date_joined=joined,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        users.append(user)
        member = StaffMember(user=user, council=council, team=team, role=role, job_title=job)
        member._history_date = joined
        staff.append(member)
        return member

    teams: dict[str, list[Team]] = {}
    by_name: dict[str, Team] = {}
    for kind, name, services, _, _ in (
        *TEAMS,
        ("reviewing", REVIEWING_TEAM, ["child_protection", "looked_after"], "", 0),
    ):
        team = Team.objects.create(council=council, name=name, service_areas=services)
        teams.setdefault(kind, []).append(team)
        by_name[name] = team
    fixed = {(role, team): (username, first) for _, username, first, role, team in SIGN_INS}
    practitioners: dict[int, list[StaffMember]] = {}
    managers: dict[int, StaffMember] = {}
    for kind, name, _, job, per_practitioner in TEAMS:
        team = by_name[name]
        count = max(2, math.ceil(reach[kind] / kinds[kind] / per_practitioner))
        username, first = fixed.get((Role.TEAM_MANAGER, name), (None, None))
        managers[team.pk] = person(
            team=team, role=Role.TEAM_MANAGER, job="Team manager", username=username, first=first
        )
        username, first = fixed.get((Role.PRACTITIONER, name), (None, None))
        practitioners[team.pk] = [
            person(team=team, role=Role.PRACTITIONER, job=job, username=username, first=first)
        ]
        practitioners[team.pk] += [
            person(team=team, role=Role.PRACTITIONER, job=job) for _ in range(count - 1)
        ]
    reviewing = by_name[REVIEWING_TEAM]
    chairs_needed = max(2, math.ceil(reach["safeguarding"] / 60))
    username, first = fixed[(Role.CHAIR, REVIEWING_TEAM)]
    chairs = [
        person(
            team=reviewing, role=Role.CHAIR, job="Conference chair and IRO", username=username, first=first
        )
    ]
    chairs += [
        person(team=reviewing, role=Role.CHAIR, job="Conference chair and IRO")
        for _ in range(chairs_needed - 1)
    ]
    managers[reviewing.pk] = person(team=reviewing, role=Role.TEAM_MANAGER, job="Reviewing service manager")
    for role, job in (
        (Role.AUDITOR, "Quality assurance auditor"),
        (Role.ADMINISTRATOR, "Systems administrator"),
    ):
        username, first = fixed[(role, None)]
        person(team=None, role=role, job=job, username=username, first=first)
    user_model.objects.bulk_create(users)
    bulk_create_with_history(staff, StaffMember, default_date=joined)
    # Some teams are more timely than others; on average about three steps in four are on time.
    timeliness = {team.pk: rng.uniform(0.62, 0.88) for team in by_name.values()}
    showcase = {
        kind: (by_name[team_name], practitioners[by_name[team_name].pk][0])
        for kind, team_name in (("safeguarding", "Safeguarding Team 1"), ("assessment", "Assessment Team 1"))
    }
    return Staffing(
        teams=teams,
        practitioners=practitioners,
        managers=managers,
        chairs=chairs,
        timeliness=timeliness,
        carers=[],
        children_homes=[],
        showcase=showcase,
    )


def _pools(
    *, council: Council, children: int, maker: PeopleMaker, rng: random.Random, on: date, user
) -> tuple[list[Person], Batch]:
    """People who are in many families' lives: professionals, foster carers, children's homes."""
    pools = Batch()
    families = FamilyMaker(council=council, maker=maker, as_of=on, professionals=[])
    professionals = []
    for _ in range(max(12, children // 12)):
        job, organisation = maker.profession()
        sex = maker.sex()
        first, last = maker.first_name(sex), maker.surname()
        professional = Person(
            council=council,
            first_name=first,
            last_name=last,
            sex=sex,
            is_professional=True,
            profession=job,
            organisation=organisation,
            phone=maker.phone(),
            email=f"{first}.{last}@{organisation.split()[0].lower()}.example".lower()
            .replace(" ", "")
            .replace("'", ""),
            contact_method="email",
        )
        stamp(professional, at=moment(on, 9), user=user)
        pools.people.append(professional)
        professionals.append(professional)
    for _ in range(max(4, children // 25)):
        home = families.household(pools, on=on, user=user)
        surname = maker.surname()
        for sex in ("F", "M") if rng.random() < 0.6 else (maker.sex(),):
            families.person(
                pools,
                rng=rng,
                on=on,
                user=user,
                last=surname,
                sex=sex,
                born=on - relativedelta(years=rng.randint(32, 62)),
                home=home,
                ethnicity=maker.ethnicity(),
                adult=True,
            )
    for i in range(max(2, min(len(CHILDREN_HOMES), children // 300))):
        home = families.household(pools, on=on, user=user)
        home.address_line_1, home.address_line_2 = CHILDREN_HOMES[i], home.address_line_1
    return professionals, pools


def _carers(pools: Batch) -> tuple[list[tuple[Household, list[Person]]], list[Household]]:
    carers: dict[int, list[Person]] = {}
    for person in pools.people:
        if person.household is not None:
            carers.setdefault(person.household.pk, []).append(person)
    homes = [h for h in pools.households if h.pk not in carers]
    return [(h, carers[h.pk]) for h in pools.households if h.pk in carers], homes


def demo_council() -> Council | None:
    return Council.objects.filter(slug=DEMO_SLUG).first()


def sign_ins(*, council: Council) -> list[SignIn]:
    """The accounts to try the demo with, one for each role (all with DEMO_PASSWORD)."""
    found = {
        s.user.username: s
        for s in StaffMember.objects.filter(council=council)
        .select_related("user", "team")
        .filter(user__username__in=[username for _, username, *_ in SIGN_INS])
    }
    return [
        SignIn(
            role=role,
            username=username,
            name=found[username].user.get_full_name(),
            job_title=found[username].job_title,
            team=found[username].team.name if found[username].team else None,
        )
        for role, username, *_ in SIGN_INS
        if username in found
    ]


def remove_council(*, council: Council) -> dict[str, int]:
    """Take a demo council away: every row that belongs to it, to its people or to its staff.

    Records are never deleted in Kinmap; this is for replacing synthetic demo data only. Starting
    from the council and its staff's accounts, it follows every foreign key that points at a doomed
    row (history rows included), noting doomed rows in a temporary table, then deletes them without
    signals in one transaction (foreign keys are checked when it commits)."""
    user_model = get_user_model()
    links: dict[type[models.Model], list[tuple[str, type[models.Model]]]] = {}
    for model in apps.get_models(include_auto_created=True):
        links[model] = [
            (f.column, f.related_model)
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not model
        ]
        tracked = getattr(model, "instance_type", None)  # a history model: its rows carry the tracked id
        if tracked is not None:
            links[model].append((model._meta.get_field("id").column, tracked))
    targets = {target for model_links in links.values() for _, target in model_links}
    seeds = {Council, user_model}
    doomed: dict[type[models.Model], bool] = {}
    order: list[type[models.Model]] = []  # each model after the models it points at

    def reached(model: type[models.Model]) -> bool:
        if model not in doomed:
            doomed[model] = False  # while it is worked out: a loop of foreign keys stops here
            hits = [reached(target) for _, target in links.get(model, ())]
            doomed[model] = model in seeds or any(hits)
            if doomed[model]:
                order.append(model)
        return doomed[model]

    for model in links:
        reached(model)
    table, qn = "kinmap_demo_doomed", connection.ops.quote_name
    removed: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (label varchar(200) NOT NULL, id bigint NOT NULL)")
        cursor.execute(f"CREATE INDEX {table}_label_id ON {table} (label, id)")
        cursor.execute(f"INSERT INTO {table} (label, id) VALUES (%s, %s)", [Council._meta.label, council.pk])
        staff = StaffMember._meta
        cursor.execute(
            f"INSERT INTO {table} (label, id) SELECT DISTINCT %s, {qn(staff.get_field('user').column)} "
            f"FROM {qn(staff.db_table)} WHERE {qn(staff.get_field('council').column)} = %s",
            [user_model._meta.label, council.pk],
        )
        wheres: dict[type[models.Model], tuple[str, list]] = {}
        for model in order:
            meta = model._meta
            if model in seeds:
                wheres[model] = (
                    f"{qn(meta.pk.column)} IN (SELECT id FROM {table} WHERE label = %s)",
                    [meta.label],
                )
                continue
            pointing = [(column, target) for column, target in links[model] if doomed.get(target)]
            wheres[model] = (
                " OR ".join(
                    f"{qn(column)} IN (SELECT id FROM {table} WHERE label = %s)" for column, _ in pointing
                ),
                [target._meta.label for _, target in pointing],
            )
            if model in targets:
                sql, params = wheres[model]
                cursor.execute(
                    f"INSERT INTO {table} (label, id) SELECT %s, {qn(meta.pk.column)} "
                    f"FROM {qn(meta.db_table)} WHERE {sql}",
                    [meta.label, *params],
                )
        for model in reversed(order):
            sql, params = wheres[model]
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE {sql}", params)
            if cursor.rowcount:
                removed[model._meta.label] = cursor.rowcount
        cursor.execute(f"DROP TABLE {table}")
    return removed
