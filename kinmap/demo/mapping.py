"""Mapping content for the demo's showcase children: a completed mapping in the seven domains, paired
statements and goals shared and agreed, a scaling question for each with rounds over the months, and
the practitioner's next steps, all written through the mapping app's own services.

Only the children of showcase families that a sign-in practitioner leads on the as-of date get it (a
handful, whatever the council's size). Their journeys already say when the mapping was completed,
the statements shared and agreed and the scaling done; the content goes on those same days. The
journey's own events for those days are taken out of the batch before it is written (`set_aside`),
and the mapping services record them again with the content (`fill`), so nothing is recorded twice
and the rule packs find the same events on the same days. The child's other events of those types
are written after it, what they record built in bulk on the content (kinmap.demo.artefacts): later
mappings carry its entries forward, its statements are shared and agreed again, and each person's
scores go on. Every other child's are light and built with the batch (decision 0155).

Everything here is synthetic. Statements and goals are written for the family to read: they pass the
plain-language check (kinmap/demo/tests).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from kinmap.councils.models import StaffMember
from kinmap.demo.artefacts import LIGHT_THEMES, ChildArtefacts
from kinmap.demo.batch import Batch, EventRow
from kinmap.demo.families import Family
from kinmap.journey.models import Event, Involvement
from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping import services
from kinmap.mapping.models import (
    DangerStatement,
    MappedWith,
    Mapping,
    ScalingQuestion,
    ScalingScore,
    ScorerRole,
)
from kinmap.people.models import Child, NetworkMember, Person

SET_ASIDE = ("mapping_completed", "statements_shared", "statements_agreed", "scaling_recorded")
PROFESSIONALS_ONLY = ("strategy_discussion", "legal_planning_meeting")
ROUNDS = 4  # at most this many scaling rounds, spread over the months
CHILD_SCORES_FROM = 7  # a child of this age or older scores too

# What is written, in family-friendly words. {child} the child's first name, {mum} the mother's,
# {adult} the other adult at the heart of the worry, {net} a network member's, {worker} the
# practitioner's, {school} school or nursery. Entries: domain, text, source, fact or opinion, who
# (next steps are NextStep records, which the mapping shows in its seventh column).
Entry = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Pair:
    worry: str
    impact: str
    goal: str
    question: str
    zero: str
    ten: str


@dataclass(frozen=True)
class Theme:
    entries: tuple[Entry, ...]
    pairs: tuple[Pair, ...]
    steps: tuple[str, ...]
    needs_adult: bool = False


THEMES: tuple[Theme, ...] = (
    Theme(
        needs_adult=True,
        entries=(
            ("harm", "{adult} pushed {mum} into the kitchen door. {child} saw it and hid upstairs.",
             "parent", "fact", "{mum} (mum)"),
            ("harm", "{child} told me the shouting at night makes it hard to sleep.",
             "child", "fact", "{child}"),
            ("danger", "{adult} could hurt {mum} again after drinking, and {child} could be hurt too.",
             "observation", "opinion", "{worker} (social worker)"),
            ("complicating_factors", "{adult} drinks more since he lost his job.",
             "parent", "fact", "{mum} (mum)"),
            ("complicating_factors", "{mum} has no car and her family live a long way off.",
             "parent", "fact", "{mum} (mum)"),
            ("existing_strengths", "{mum} gets {child} to {school} on time every day.",
             "professional", "fact", "Class teacher"),
            ("existing_strengths", "{child} loves football and goes to a club on Saturdays.",
             "child", "fact", "{child}"),
            ("existing_safety", "{net} has {child} to stay when things get tense at home.",
             "network", "fact", "{net}"),
            ("existing_safety", "{adult} has been to the drink support group twice this month.",
             "professional", "fact", "Drink support worker"),
            ("goals", "{mum} wants a calm home where {child} can sleep at night.",
             "parent", "opinion", "{mum} (mum)"),
        ),
        pairs=(
            Pair(
                worry="When {adult} drinks, he shouts at {mum} and has pushed her. {child} saw it.",
                impact="{child} could be hurt, and could feel scared and not safe at home.",
                goal="{adult} keeps away when he has had a drink. If he comes, {mum} rings {net} for help.",
                question="How safe is {child} from fights at home?",
                zero="{child} will be hurt in a fight at home.",
                ten="Everyone is sure {child} is safe at home and the plan works.",
            ),
            Pair(
                worry="{mum} has found it hard to keep {child} away from the rows.",
                impact="{child} could keep feeling worried, and find it hard to sleep and learn.",
                goal="{child} has a calm bedtime every night and a grown-up they trust to talk to.",
                question="How calm and settled is home for {child}?",
                zero="Home is loud and scary for {child} most nights.",
                ten="Home is calm and {child} sleeps well every night.",
            ),
        ),
        steps=(
            "Meet {net} and {mum} to write down who {child} can call if there is a fight.",
            "Ask {adult} how the drink support group is going.",
            "See {child} on their own at {school}.",
        ),
    ),
    Theme(
        entries=(
            ("harm", "{child} missed {school} for two weeks last term and there was no food in the house.",
             "professional", "fact", "{school} office"),
            ("harm", "{child} said they made their own tea most nights last month.",
             "child", "fact", "{child}"),
            ("danger", "{child} may not get the care they need when {mum} is very low.",
             "observation", "opinion", "{worker} (social worker)"),
            ("complicating_factors", "{mum} has been very low since her own mum died last year.",
             "parent", "fact", "{mum} (mum)"),
            ("complicating_factors", "{mum} is behind with the rent and worries about money.",
             "parent", "fact", "{mum} (mum)"),
            ("existing_strengths", "{mum} and {child} are close and like baking together.",
             "child", "fact", "{child}"),
            ("existing_strengths", "{mum} asked her doctor for help with her mood.",
             "parent", "fact", "{mum} (mum)"),
            ("existing_safety", "{net} pops in each morning and helps with the walk to {school}.",
             "network", "fact", "{net}"),
            ("goals", "{child} gets to {school} every day with a packed lunch.",
             "parent", "opinion", "{mum} (mum)"),
        ),
        pairs=(
            Pair(
                worry="When {mum} is very low she stays in bed. {child} has missed meals and {school}.",
                impact="{child} could go without food, and feel sad and left out.",
                goal="{child} has food and gets to {school} each day. {net} helps on bad days.",
                question="How sure are we that {child} is fed and gets to {school} every day?",
                zero="{child} goes without food and misses {school} most weeks.",
                ten="{child} is fed and at {school} every day, on good days and bad days.",
            ),
            Pair(
                worry="{mum} has not always let people in when they came to help.",
                impact="No one would know if {child} was not safe and well.",
                goal="{mum} lets {net} and {worker} in each week. She tells them when things are hard.",
                question="How well do the people who help know how things are at home?",
                zero="Nobody who helps knows how things are at home.",
                ten="{net} and {worker} know each week how {mum} and {child} are doing.",
            ),
        ),
        steps=(
            "Go with {mum} to the housing office about the rent.",
            "Check with {school} that {child} has been in every day.",
            "Ring {net} to see how the mornings are going.",
        ),
    ),
)
# Reasons people give for their scores: why not lower, what would move it up.
REASONS: dict[str, tuple[tuple[str, str], ...]] = {
    ScorerRole.PARENT: (
        ("Things are calmer and I have help now.", "A few more weeks like this one."),
        ("I am trying hard and {child} can see it.", "Getting on top of the bills."),
        ("{net} is there when I need them.", "Sticking to the plan every day."),
    ),
    ScorerRole.CHILD: (
        ("I can talk to {net}.", "No more shouting at night."),
        ("Mum listens to me more.", "Being able to sleep properly."),
        ("I know who to ring.", "Everyone doing what they said."),
    ),
    ScorerRole.NETWORK: (
        ("I see {child} most days and they seem happier.", "{mum} asking for help sooner."),
        ("The plan is up on the fridge and everyone knows it.", "A month with no bad nights."),
    ),
    ScorerRole.PRACTITIONER: (
        ("{mum} is working with us and the network is growing.", "The plan tried for a full month."),
        ("{child} says home is calmer.", "{school} seeing the same changes we do."),
        ("{net} has stepped in when it mattered.", "Everyone keeps to the plan without reminders."),
    ),
}


@dataclass
class Plan:
    """One showcase child's mapping content: the journey's events whose days it goes on."""

    family: Family
    person: Person
    child: Child
    lead: StaffMember
    seed: int
    mapping: EventRow | None = None
    shared: EventRow | None = None
    agreed: EventRow | None = None
    rounds: list[EventRow] = field(default_factory=list)
    # The child's other events of these types: written after the content, what they record built on it.
    later: list[EventRow] = field(default_factory=list)


def set_aside(
    batch: Batch,
    *,
    family: Family,
    events_from: int,
    involvements_from: int,
    leads: set[StaffMember],
    as_of: date,
    seed: int,
) -> list[Plan]:
    """For each child of a showcase family just written into the batch (its events and involvements
    from the given positions) whom a sign-in practitioner leads on the as-of date, choose the days of
    their mapping content from their journey and take those days' events out of the batch."""
    plans = []
    for index, (person, child) in enumerate(family.worked_with):
        if person.date_of_birth is None:  # an unborn baby: a pre-birth mapping is for another day
            continue
        lead = _lead_on(batch.involvements[involvements_from:], child=child, on=as_of, leads=leads)
        if lead is None:
            continue
        theirs = [e for e in batch.events[events_from:] if e.child is child]
        mine = [e for e in theirs if e.type in SET_ASIDE]
        # The family scores at meetings they are part of, not at the professionals' own.
        professionals_only = {e.occurred_on for e in theirs if e.type in PROFESSIONALS_ONLY}
        by_type: dict[str, list[EventRow]] = {t: [] for t in SET_ASIDE}
        for event in sorted(mine, key=lambda e: e.occurred_on):
            if event.occurred_on <= as_of and not event.referred_to and event.refers_to is None:
                by_type[event.type].append(event)
        plan = Plan(family=family, person=person, child=child, lead=lead, seed=seed * 31 + index)
        # The first mapping: every later one builds on it, as the mapping services chain them.
        plan.mapping = next(iter(by_type["mapping_completed"]), None)
        mapped_on = plan.mapping.occurred_on if plan.mapping else date.min
        shared = by_type["statements_shared"]
        plan.shared = next((e for e in shared if e.occurred_on >= mapped_on), next(iter(shared), None))
        if plan.shared is not None:
            plan.agreed = next(
                (e for e in by_type["statements_agreed"] if e.occurred_on >= plan.shared.occurred_on), None
            )
            days: dict[date, EventRow] = {}
            for event in by_type["scaling_recorded"]:
                day = event.occurred_on
                if day >= plan.shared.occurred_on and day not in professionals_only:
                    days.setdefault(day, event)
            plan.rounds = _spread(list(days.values()), ROUNDS)
        chosen = {id(e) for e in (plan.mapping, plan.shared, plan.agreed, *plan.rounds) if e is not None}
        # Without statements there is nothing to share, agree or scale: those stay the journey's.
        others = (
            by_type["mapping_completed"]
            if plan.shared is None
            else [e for t in SET_ASIDE for e in by_type[t]]
        )
        plan.later = sorted((e for e in others if id(e) not in chosen), key=lambda e: e.occurred_on)
        taken = chosen | {id(e) for e in plan.later}
        if taken:
            batch.events[events_from:] = [e for e in batch.events[events_from:] if id(e) not in taken]
        plans.append(plan)
    return plans


def _lead_on(
    involvements: list[Involvement], *, child: Child, on: date, leads: set[StaffMember]
) -> StaffMember | None:
    for inv in involvements:
        if inv.child is child and inv.ended_on is None:
            lead = [staff for since, staff in inv._leads if since <= on][-1]  # type: ignore[attr-defined]
            if lead in leads:
                return lead
    return None


def _spread(items: list, n: int) -> list:
    """n items spread evenly from first to last."""
    if len(items) <= n:
        return items
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def fill(plans: list[Plan], *, as_of: date) -> int:
    """Write each plan's content through the mapping services; returns how many children got it."""
    meetings = {k for k, spec in vocabulary().event_types.items() if spec.meeting}
    later = Batch()
    for plan in plans:
        _fill(plan, as_of=as_of, meetings=meetings)
        later.known[plan.child.pk] = _made(plan)
        for event in plan.later:  # a scaling round is recorded for each question scored
            questions = later.known[plan.child.pk].questions if event.type == "scaling_recorded" else []
            later.events += [replace(event, artefact_id=q.pk) for q in questions] or [event]
    later.write()
    return len(plans)


def _made(plan: Plan) -> ChildArtefacts:
    """What the services made for a showcase child, for the artefacts of their later events to carry on:
    later mappings build on the last, statements are shared and agreed again, each person's scores go
    on as at the nearest round."""
    child = plan.child
    mapping = (
        Mapping.objects.filter(child=child, completed_on__isnull=False)
        .order_by("-completed_on", "-pk")
        .first()
    )
    statements = list(DangerStatement.objects.filter(child=child).prefetch_related("goals"))
    questions = list(ScalingQuestion.objects.filter(child=child).order_by("pk"))
    rounds: dict[int, list[tuple[date, list[ScalingScore]]]] = {}
    for question in questions:
        by_day: dict[date, list[ScalingScore]] = {}
        for score in question.scores.order_by("scored_on", "pk"):
            by_day.setdefault(score.scored_on, []).append(score)
        rounds[question.pk] = sorted(by_day.items())
    return ChildArtefacts(
        theme=LIGHT_THEMES[0],  # not used: its statements and questions are the services'
        name=plan.person.first_name,
        mapping=mapping,
        entries=list(mapping.entries.current()) if mapping else [],
        statements=statements,
        goals=[s.current_goal for s in statements if s.current_goal],
        questions=questions,
        rounds=rounds,
        known=True,
    )


def _fill(plan: Plan, *, as_of: date, meetings: set[str]) -> None:
    rng = random.Random(plan.seed)
    family, child, person = plan.family, plan.child, plan.person
    mother = family.mother
    assert mother is not None
    adult = family.partner or family.father
    theme = rng.choice([t for t in THEMES if adult is not None or not t.needs_adult])
    network = (
        NetworkMember.objects.filter(child=child)
        .exclude(role="professional")
        .select_related("person")
        .order_by("-role", "pk")  # safety people first
        .first()
    )
    net = network.person if network else None
    age = relativedelta(as_of, person.date_of_birth).years
    words = {
        "child": person.first_name,
        "mum": mother.first_name,
        "adult": adult.first_name if adult else "",
        "net": net.first_name if net else "Nan",
        "worker": plan.lead.user.first_name,
        "school": "school" if age >= 4 else "nursery",
    }

    def say(text: str) -> str:
        text = text.format(**words)
        return text[0].upper() + text[1:]

    def meeting_on(day: date) -> Event | None:
        return Event.objects.filter(child=child, occurred_on=day, type__in=meetings).order_by("pk").first()

    lead_user = plan.lead.user
    # The mapping, on the day the journey completed it (or started today if it has not been).
    if plan.mapping is not None:
        mapped_on, mapped_with, by = (
            plan.mapping.occurred_on,
            plan.mapping.attributes["with"],
            plan.mapping.recorded_by,
        )
    else:
        mapped_on, mapped_with, by = as_of, MappedWith.FAMILY, lead_user
    mapping = services.mapping_start(
        by=by,
        child=child,
        mapped_on=mapped_on,
        mapped_with=mapped_with,
        meeting=meeting_on(mapped_on) if mapped_with == MappedWith.MEETING else None,
    )
    for domain, text, source, kind, who in theme.entries:
        services.mapping_entry_add(
            by=by,
            mapping=mapping,
            domain=domain,
            data=services.EntryInput(
                text=say(text),
                source=source,
                kind=kind,
                source_name=say(who),
                noticed_on=max(family.contact_on, mapped_on - timedelta(days=rng.randint(0, 20))),
                harm_frequency="More than once" if domain == "harm" and source == "parent" else "",
            ),
        )
    if plan.mapping is not None:
        services.mapping_complete(by=by, mapping=mapping, completed_on=mapped_on)
    if plan.shared is None:
        return
    statements = [
        services.statement_pair_create(
            by=plan.shared.recorded_by,
            child=child,
            mapping=mapping if mapping.is_complete and mapped_on <= plan.shared.occurred_on else None,
            who_is_worried=say("{worker} (social worker), {school} and {net}"),
            worry=say(pair.worry),
            impact=say(pair.impact),
            goal=say(pair.goal),
        )
        for pair in theme.pairs[: rng.choice((1, 2, 2))]
    ]
    with_whom = say("{mum} (mum)") + (f", {words['adult']}" if adult else "") + (f" and {net}" if net else "")
    for event, record in ((plan.shared, services.statements_share), (plan.agreed, services.statements_agree)):
        if event is None:
            continue
        meeting = meeting_on(event.occurred_on)
        record(
            by=event.recorded_by,
            child=child,
            statements=statements,
            on=event.occurred_on,
            method="meeting" if meeting else "face_to_face",
            with_whom=with_whom,
            with_network=bool(event.attributes.get("with_network")),
        )
    questions = [
        services.scaling_question_create(
            by=plan.shared.recorded_by,
            child=child,
            statement=statement,
            question=say(pair.question),
            zero_means=say(pair.zero),
            ten_means=say(pair.ten),
        )
        for statement, pair in zip(statements, theme.pairs, strict=False)
    ]
    # Each person starts where they are and moves, mostly up, over the months.
    scorers: list[tuple[str, Person | None, StaffMember | None, int]] = [
        (ScorerRole.PARENT, mother, None, rng.randint(4, 6)),
        (ScorerRole.PRACTITIONER, None, plan.lead, rng.randint(2, 3)),
    ]
    if net is not None:
        scorers.insert(1, (ScorerRole.NETWORK, net, None, rng.randint(3, 5)))
    if age >= CHILD_SCORES_FROM:
        scorers.insert(1, (ScorerRole.CHILD, person, None, rng.randint(3, 6)))
    for n, event in enumerate(plan.rounds):
        meeting = meeting_on(event.occurred_on)
        for question in questions:
            scores = []
            for role, who, staff, start in scorers:
                why, up = rng.choice(REASONS[role])
                scores.append(
                    services.ScoreInput(
                        score=max(0, min(10, start + n + rng.choice((-1, 0, 0, 1)))),
                        role=role,
                        person=who,
                        staff=staff,
                        why_not_lower=say(why),
                        to_move_up=say(up),
                    )
                )
            services.scaling_round_record(
                by=event.recorded_by,
                question=question,
                scored_on=event.occurred_on,
                scores=scores,
                meeting=meeting,
            )
    # The practitioner's next steps: some due this week, one later.
    for days, what in zip((2, 6, 20), theme.steps, strict=True):
        services.next_step_add(
            by=lead_user,
            child=child,
            what=say(what),
            due_on=as_of + timedelta(days=days),
            owner_staff=plan.lead,
            statement=statements[0],
            mapping=mapping,
        )
