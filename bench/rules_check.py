"""Rules engine benchmark: a council of 10,000 children with two years of events, every rule of a pack.

    python -m bench rules_check          (make bench runs every benchmark)

For each database (a fresh SQLite file and a fresh PostgreSQL database, each in its own process)
it builds the demo council once with kinmap.demo.generator.build_demo_council (seed 7, as of
2026-11-20, the northumberland pack: at 10,000 children about 0.87 million events, 0.64 million of
them of the types the pack's rules read, and about a quarter of a million results), then times,
on that one database:
- check_council for the whole council, target under 10 s: the first check (every result written),
  a nightly re-check with nothing changed (median of 3; nothing written), one a day later (what
  changed overnight written), and a change of pack (every result replaced; median of 2) while a
  colleague signs in every 50 ms in another thread (sign-ins, failures, longest), with the longest
  write transaction;
- check_child after one new event is recorded for a child (median of 50), what a recorded event
  adds to the request: target under 20 ms;
- the engine alone, no database: per child, and for the whole council;
- growth: the first 1,000 / 5,000 / 10,000 children, and the pack's rules x1 / x2 / x4 (copies of
  every rule under new ids, in a pack that extends the real one).
The pack is northumberland when it is present and valid, else england. It prints medians, ratios
and the machine, then the figures again as a markdown table for the README. It takes about five
minutes a database on a 2-core machine, most of it the build. Settings: KINMAP_BENCH_CHILDREN
(10000), KINMAP_BENCH_DATABASES ("sqlite,postgresql"), KINMAP_BENCH_POSTGRES
(postgres://postgres@127.0.0.1:5432), KINMAP_BENCH_POSTGRES_NAME (the scratch database, created and
dropped: kinmap_bench_<pid>); the SQLite file goes in a temporary folder (TMPDIR).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import yaml

from bench._machine import describe

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 20)
SEED = 7
COUNCIL_RUNS = 3
CHILD_RUNS = 50
GROWTH_RUNS = 3


def _machine() -> list[str]:
    return [
        f"machine: {describe()}",
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]


def main() -> None:
    children = int(os.environ.get("KINMAP_BENCH_CHILDREN", "10000"))
    databases = os.environ.get("KINMAP_BENCH_DATABASES", "sqlite,postgresql").split(",")
    for line in _machine():
        print(line, flush=True)
    figures = {}
    for database in databases:
        figures[database] = _run_worker(database.strip(), children)
    _report(figures, children)


def _run_worker(database: str, children: int) -> dict:
    """One database in a process of its own (Django is configured for one database per process)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kinmap.settings")
    scratch = Path(tempfile.mkdtemp(prefix=f"kinmap-bench-{database}-"))
    name = None
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
        env["KINMAP_DATA_DIR"] = str(scratch)
    elif database == "postgresql":
        import psycopg

        server = os.environ.get("KINMAP_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        name = os.environ.get("KINMAP_BENCH_POSTGRES_NAME", f"kinmap_bench_{os.getpid()}")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{server}/{name}"
        env["KINMAP_DATA_DIR"] = str(scratch)
    else:
        raise SystemExit(f"unknown database {database!r}: sqlite or postgresql")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.rules_check", "--worker", str(children)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if name:
            import psycopg

            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name}")
    lines = done.stdout.splitlines()
    for line in lines:
        if not line.startswith("RESULT "):
            print(f"  [{database}] {line}", flush=True)
    return json.loads(next(line for line in lines if line.startswith("RESULT "))[7:])


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _report(figures: dict, children: int) -> None:
    print(f"\nRules check, {children:,} children, two years of events, as of {AS_OF}:")
    for database, f in figures.items():
        slowest = max(f["first_seconds"], f["council_median"], f["change_median"])
        verdict_council = "meets" if slowest < 10 else "MISSES"
        verdict_child = "meets" if f["child_median"] < 0.02 else "MISSES"
        print(f"\n[{database}] {f['database_version']}")
        print(
            f"  data: {f['children']:,} children, {f['involvements']:,} involvements, {f['events']:,} events "
            f"(built in {f['build_seconds']:.0f} s); pack {f['pack']} with {f['rules']} rules"
        )
        signs = f["sign_ins"]
        why = f" ({signs['first_failure']})" if signs["failed"] else ""
        print(
            f"  whole council, check_council ({verdict_council} the 10 s target):\n"
            f"    first check: {f['first_seconds']:.2f} s, {f['results']:,} results written; longest write "
            f"transaction {_ms(f['first_longest_write'])}\n"
            f"    nightly re-check, nothing changed: median {f['council_median']:.2f} s of "
            f"{', '.join(f'{t:.2f}' for t in f['council_times'])} s; {f['unchanged_written']} rows written\n"
            f"    nightly re-check a day later: {f['next_day_seconds']:.2f} s; "
            f"{f['next_day_written']:,} rows written\n"
            f"    change of pack: median {f['change_median']:.2f} s of "
            f"{', '.join(f'{t:.2f}' for t in f['change_times'])} s; {f['change_written']:,} rows written; "
            f"longest write transaction {_ms(f['change_longest_write'])}\n"
            f"    meanwhile {signs['count']} sign-ins, {signs['failed']} failed{why}; "
            f"median {_ms(signs['median'])}, longest {_ms(signs['longest'])}"
        )
        print(
            f"  one child after a new event, check_child: median {_ms(f['child_median'])}, "
            f"p90 {_ms(f['child_p90'])} over {CHILD_RUNS} children ({verdict_child} the 20 ms target)"
        )
        print(
            f"  engine alone (no database): median {f['engine_child_median'] * 1e6:.0f} us a child, "
            f"{f['engine_council']:.2f} s for the council"
        )
        base = f["growth_children"][0][1]
        print("  growth with children (check_council on the first N children):")
        for n, seconds in f["growth_children"]:
            first = f["growth_children"][0][0]
            print(f"    {n:>6,} children: {seconds:.2f} s  (x{seconds / base:.2f} for x{n / first:.0f})")
        base_rules = f["growth_rules"][0]
        print("  growth with rules (whole council; engine alone in brackets):")
        for label, rules, seconds, engine_seconds in f["growth_rules"]:
            print(
                f"    rules x{label} ({rules} rules): {seconds:.2f} s (x{seconds / base_rules[2]:.2f}); "
                f"engine {engine_seconds:.2f} s (x{engine_seconds / base_rules[3]:.2f})"
            )
        print(f"  load average at the end: {f['load_after']}")
    _table(figures)


def _table(figures: dict) -> None:
    """The same figures as a markdown table, one column a database, for the README."""
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    first = next(iter(figures.values()))

    def row(label: str, cell) -> str:
        return f"| {label} | " + " | ".join(cell(f) for f in figures.values()) + " |"

    sizes = " / ".join(f"{n:,}" for n, _ in first["growth_children"])
    copies = " / ".join(f"x{label}" for label, *_ in first["growth_rules"])
    lines = [
        "| | " + " | ".join(names.get(d, d) for d in figures) + " |",
        "| --- |" + " --- |" * len(figures),
        row("Database", lambda f: f["database_version"].split(" on ")[0]),
        row(
            "Children / involvements / events",
            lambda f: f"{f['children']:,} / {f['involvements']:,} / {f['events']:,}",
        ),
        row("Pack, rules, results stored", lambda f: f"{f['pack']}, {f['rules']}, {f['results']:,}"),
        row(
            f"One child after a new event, `check_child` (median, p90 of {CHILD_RUNS}; goal < 20 ms)",
            lambda f: f"**{_ms(f['child_median'])}**, {_ms(f['child_p90'])}",
        ),
        row(
            "Whole council, first check: every result written (goal < 10 s)",
            lambda f: f"{f['first_seconds']:.2f} s",
        ),
        row(
            "Whole council, nightly re-check, nothing changed (median of 3; rows written)",
            lambda f: f"**{f['council_median']:.2f} s** ({f['unchanged_written']})",
        ),
        row(
            "Whole council, nightly re-check a day later (rows written)",
            lambda f: f"{f['next_day_seconds']:.2f} s ({f['next_day_written']:,})",
        ),
        row(
            "Whole council after a change of pack: every result replaced (median of 2)",
            lambda f: f"**{f['change_median']:.2f} s**",
        ),
        row(
            "Longest write transaction (first check, change of pack)",
            lambda f: f"{_ms(f['first_longest_write'])}, {_ms(f['change_longest_write'])}",
        ),
        row(
            "Sign-ins meanwhile (every 50 ms): count, failed, median, longest",
            lambda f: f"{f['sign_ins']['count']}, {f['sign_ins']['failed']}, "
            f"{_ms(f['sign_ins']['median'])}, {_ms(f['sign_ins']['longest'])}",
        ),
        row(
            "Engine alone: a child (median), the council",
            lambda f: f"{f['engine_child_median'] * 1e6:.0f} µs, {f['engine_council']:.2f} s",
        ),
        row(
            f"Children {sizes} (median of {GROWTH_RUNS})",
            lambda f: " / ".join(f"{seconds:.2f} s" for _, seconds in f["growth_children"]),
        ),
        row(
            f"Rules {copies} ({' / '.join(str(r[1]) for r in first['growth_rules'])} rules)",
            lambda f: " / ".join(f"{r[2]:.2f} s" for r in f["growth_rules"]),
        ),
        row(
            f"Rules {copies}, engine alone",
            lambda f: " / ".join(f"{r[3]:.2f} s" for r in f["growth_rules"]),
        ),
    ]
    print("\n" + "\n".join(lines))


# --- The worker: runs inside one process configured for one database --------------------------------


def _worker(children: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from kinmap.rules.packs import PackError, load_pack

    call_command("migrate", verbosity=0)
    # The packs are copied, so that the rule-growth packs written below stay out of the repository.
    packs = Path(settings.DATA_DIR) / "packs"
    shutil.copytree(settings.PACKS_DIR, packs)
    settings.PACKS_DIR = packs
    try:
        load_pack("northumberland")
        pack_name = "northumberland"
    except PackError:
        pack_name = "england"
    from kinmap.demo.generator import build_demo_council

    started = time.perf_counter()
    build = build_demo_council(
        children=children,
        seed=SEED,
        pack=pack_name,
        as_of=AS_OF,
        progress=lambda message: print(message, flush=True),
    )
    build_seconds = time.perf_counter() - started
    council = build.council
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "select version()")
        version = ("SQLite " if connection.vendor == "sqlite" else "") + cursor.fetchone()[0]

    figures: dict = {"database_version": version, "pack": pack_name, "build_seconds": build_seconds}
    figures.update(_council_figures(council, packs))
    figures.update(_child_figures(council))
    figures.update(_engine_figures(council, pack_name))
    figures["growth_children"] = _growth_children(council, children)
    figures["growth_rules"] = _growth_rules(council, pack_name, packs)
    figures["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print("RESULT " + json.dumps(figures), flush=True)


def _council_figures(council, packs: Path) -> dict:
    """The whole council three ways: the first check (every result written), a nightly re-check with
    nothing changed (nothing written) and a change of pack (every result replaced, each naming its
    pack version), with colleagues signing in meanwhile."""
    from kinmap.journey.models import Event, Involvement
    from kinmap.people.models import Child
    from kinmap.rules.packs import load_pack
    from kinmap.rules.services import check_council

    with _write_transactions() as first_writes:
        started = time.perf_counter()
        first = check_council(council=council, as_of=AS_OF)
        first_seconds = time.perf_counter() - started
    times, unchanged = [], []
    for _ in range(COUNCIL_RUNS):
        started = time.perf_counter()
        checked = check_council(council=council, as_of=AS_OF)
        times.append(time.perf_counter() - started)
        unchanged.append(checked.added + checked.removed)
    # The next night: a day later, some results fall due or become overdue.
    started = time.perf_counter()
    next_day = check_council(council=council, as_of=date.fromordinal(AS_OF.toordinal() + 1))
    next_day_seconds = time.perf_counter() - started
    # A pack that extends the council's and changes nothing is still another pack version: every
    # result is replaced, as when an administrator chooses a pack.
    original = council.pack_name
    (packs / "bench-same.yaml").write_text(
        yaml.safe_dump(
            {"pack": "bench-same", "version": "2026.1", "title": f"{original}, again", "extends": original}
        )
    )
    changes = []
    with _write_transactions() as change_writes, _signing_in() as sign_ins:
        for name in ("bench-same", original):
            council.pack_name = name
            council.save(update_fields=["pack_name"])
            started = time.perf_counter()
            changed = check_council(council=council, as_of=AS_OF)
            changes.append((time.perf_counter() - started, changed.added, changed.removed))
    return {
        "children": Child.objects.filter(council=council).count(),
        "involvements": Involvement.objects.filter(child__council=council).count(),
        "events": Event.objects.filter(child__council=council).count(),
        "rules": len(load_pack(council.pack_name).rules),
        "results": first.results,
        "first_seconds": first_seconds,
        "first_longest_write": max(first_writes),
        "council_times": times,
        "council_median": statistics.median(times),
        "unchanged_written": max(unchanged),
        "next_day_seconds": next_day_seconds,
        "next_day_written": next_day.added + next_day.removed,
        "change_times": [c[0] for c in changes],
        "change_median": statistics.median(c[0] for c in changes),
        "change_written": changes[0][1] + changes[0][2],
        "change_longest_write": max(change_writes),
        "sign_ins": sign_ins,
    }


@contextmanager
def _write_transactions():
    """Times each write transaction of the checks inside (services._write_changes): how long a
    colleague's write may wait for the lock."""
    from kinmap.rules import services

    original, seconds = services._write_changes, []

    def timed(ids, rows):
        started = time.perf_counter()
        try:
            return original(ids, rows)
        finally:
            seconds.append(time.perf_counter() - started)

    services._write_changes = timed
    try:
        yield seconds
    finally:
        services._write_changes = original


@contextmanager
def _signing_in():
    """A colleague signing in every 50 ms meanwhile, in another thread with its own connection:
    what a sign-in writes (a new session, the user's last sign-in). Counts the sign-ins, the ones
    that failed, and the median and longest time one took."""
    import threading

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import update_last_login
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import DatabaseError, connection

    user = get_user_model().objects.order_by("pk").first()
    stop, took, failed = threading.Event(), [], []

    def sign_in_repeatedly():
        try:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    session = SessionStore()
                    session["_auth_user_id"] = str(user.pk)
                    session.create()
                    update_last_login(None, user)
                except DatabaseError as exc:
                    failed.append(str(exc))
                took.append(time.perf_counter() - started)
                stop.wait(0.05)
        finally:
            connection.close()

    found: dict = {}
    thread = threading.Thread(target=sign_in_repeatedly)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join()
        found.update(
            count=len(took),
            failed=len(failed),
            first_failure=failed[0] if failed else "",
            median=statistics.median(took) if took else 0.0,
            longest=max(took, default=0.0),
        )


def _child_figures(council) -> dict:
    import random

    from kinmap.journey.models import Event, Involvement
    from kinmap.people.models import Child
    from kinmap.rules.services import check_child

    open_ids = list(
        Involvement.objects.filter(child__council=council, ended_on__isnull=True)
        .values_list("child_id", flat=True)
        .distinct()
    )
    chosen = random.Random(SEED).sample(sorted(open_ids), min(CHILD_RUNS, len(open_ids)))
    times = []
    for child in Child.objects.filter(pk__in=chosen):
        involvement = child.involvements.filter(ended_on__isnull=True).first()
        Event.objects.create(
            child=child,
            involvement=involvement,
            type="home_visit",
            occurred_on=AS_OF,
            attributes={"child_seen": True},
        )
        started = time.perf_counter()
        check_child(child=child, as_of=AS_OF)
        times.append(time.perf_counter() - started)
    times.sort()
    return {"child_median": statistics.median(times), "child_p90": times[int(len(times) * 0.9) - 1]}


def _records(council, rules):
    from kinmap.journey.models import Event, Involvement
    from kinmap.people.models import Child
    from kinmap.rules import services

    children = list(
        Child.objects.filter(council=council).order_by("id").values_list("id", "person__date_of_birth")
    )
    involvements = list(
        Involvement.objects.filter(child__council=council)
        .order_by("child_id", "started_on")
        .values_list(*services._INVOLVEMENT_FIELDS)
    )
    events = services._event_values(
        Event.objects.filter(services._events_needed(rules.event_types), child__council=council).order_by(
            "child_id", "occurred_on", "id"
        )
    )
    return list(services._records(children, involvements, services._events_by_child(events)))


def _engine_seconds(rules, records) -> tuple[float, list[float]]:
    from kinmap.rules.engine import evaluate

    each = []
    started = time.perf_counter()
    for record in records:
        one = time.perf_counter()
        evaluate(rules, record, AS_OF, every_rule=False)
        each.append(time.perf_counter() - one)
    return time.perf_counter() - started, each


def _engine_figures(council, pack_name) -> dict:
    from kinmap.rules.packs import loaded_pack

    rules = loaded_pack(pack_name).rules
    records = _records(council, rules)
    totals, medians = [], []
    for _ in range(GROWTH_RUNS):
        total, each = _engine_seconds(rules, records)
        totals.append(total)
        medians.append(statistics.median(each))
    return {"engine_council": statistics.median(totals), "engine_child_median": statistics.median(medians)}


def _growth_children(council, children: int) -> list[tuple[int, float]]:
    from kinmap.people.models import Child
    from kinmap.rules.services import check_council

    found = []
    ordered = list(Child.objects.filter(council=council).order_by("id").values_list("id", flat=True))
    for n in sorted({min(children, 1000), min(children, 5000), children}):
        subset = Child.objects.filter(pk__in=ordered[:n]) if n < len(ordered) else None
        times = []
        for _ in range(GROWTH_RUNS):
            started = time.perf_counter()
            check_council(council=council, as_of=AS_OF, children=subset)
            times.append(time.perf_counter() - started)
        found.append((n, statistics.median(times)))
    return found


def _growth_rules(council, pack_name: str, packs: Path) -> list[tuple[int, int, float, float]]:
    """The pack's rules copied 1, 2 and 4 times (new ids, same rules), in packs that extend it."""
    from kinmap.rules.packs import load_pack, loaded_pack
    from kinmap.rules.services import check_council

    base = load_pack(pack_name)
    original = council.pack_name
    found = []
    for times_over in (1, 2, 4):
        name = f"bench-rules-x{times_over}"
        copies = [
            dict(rule.model_dump(mode="json", exclude_none=True), id=f"{rule.id}-copy{n}")
            for n in range(1, times_over)
            for rule in base.rules
        ]
        (packs / f"{name}.yaml").write_text(
            yaml.safe_dump(
                {
                    "pack": name,
                    "version": "2026.1",
                    "title": f"{pack_name}, every rule x{times_over}",
                    "extends": pack_name,
                    "rules": copies,
                },
                sort_keys=False,
            )
        )
        council.pack_name = name
        council.save(update_fields=["pack_name"])
        runs = []
        for _ in range(GROWTH_RUNS):
            started = time.perf_counter()
            check_council(council=council, as_of=AS_OF)
            runs.append(time.perf_counter() - started)
        loaded = loaded_pack(name)
        engine_total, _ = _engine_seconds(loaded.rules, _records(council, loaded.rules))
        found.append((times_over, len(loaded.pack.rules), statistics.median(runs), engine_total))
    council.pack_name = original
    council.save(update_fields=["pack_name"])
    return found


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _worker(int(sys.argv[2]))
