"""How long the demo generator takes to build a council: 1,000 children (median of 3) and 10,000 (one run).

    python -m bench demo_build          (make bench runs every benchmark)

Each build runs in its own process on a fresh database: a SQLite file in a temporary folder, and a
fresh PostgreSQL database at 127.0.0.1:5432 when one is reachable (created and dropped here). The
time is the build alone (build_demo_council), after migrate; rows created counts every table's rows,
history included. One more run times the whole `kinmap demo --children 10000` command on SQLite
(migrated database; build, rules check and sign-ins), the figure the README states.
Settings: KINMAP_BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench._machine import describe

REPO = Path(__file__).resolve().parent.parent
SEED = 7
AS_OF = date(2026, 3, 31)
PLAN = ((1_000, 3), (10_000, 1))  # children, runs
POSTGRES = os.environ.get("KINMAP_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def main() -> None:
    print(_machine(), flush=True)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    databases = ["sqlite"] + (["postgresql"] if _postgres_version() else [])
    print(
        f"{'database':<11}{'children':>9}{'runs':>6}{'median s':>10}  {'each run (s)':<20}"
        f"{'rows created':>13}{'children/s':>12}",
        flush=True,
    )
    for database in databases:
        for children, runs in PLAN:
            results = [_run(database, children) for _ in range(runs)]
            seconds = [r["seconds"] for r in results]
            each = " ".join(f"{s:.1f}" for s in seconds) if runs > 1 else "(one run)"
            median = statistics.median(seconds)
            print(
                f"{results[0]['database']:<11}{children:>9,}{runs:>6}{median:>10.1f}  {each:<20}"
                f"{results[0]['rows']:>13,}{children / median:>12,.0f}",
                flush=True,
            )
    command = _command_seconds(10_000)
    print(
        f"`kinmap demo --children 10000` on SQLite, end to end (build, rules check, sign-ins): "
        f"{command:.1f} s (one run)",
        flush=True,
    )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)


def _run(database: str, children: int) -> dict:
    """One build in a fresh process on a fresh database; returns what the child process measured."""
    with tempfile.TemporaryDirectory(prefix="kinmap-bench-demo-") as data_dir:
        env = {
            **os.environ,
            "KINMAP_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "kinmap.settings",
            "KINMAP_BENCH_DEMO_CHILDREN": str(children),
        }
        env.pop("DATABASE_URL", None)
        name = None
        if database == "postgresql":
            name = f"kinmap_bench_demo_{os.getpid()}_{time.monotonic_ns()}"
            _postgres(f"CREATE DATABASE {name}")
            env["DATABASE_URL"] = f"{POSTGRES}/{name}"
        try:
            done = subprocess.run(
                [sys.executable, "-c", "from bench.demo_build import build; build()"],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if name:
                _postgres(f"DROP DATABASE IF EXISTS {name}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise RuntimeError(f"the {database} build failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(lines[-1].removeprefix("RESULT "))


def build() -> None:
    """In the child process: migrate, then time build_demo_council; print the figures as JSON."""
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    from kinmap.demo.generator import build_demo_council

    call_command("migrate", verbosity=0)
    models = apps.get_models(include_auto_created=True)
    before = sum(m._base_manager.count() for m in models)
    started = time.perf_counter()
    build_demo_council(children=int(os.environ["KINMAP_BENCH_DEMO_CHILDREN"]), seed=SEED, as_of=AS_OF)
    seconds = time.perf_counter() - started
    rows = sum(m._base_manager.count() for m in models) - before
    label = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    print("RESULT " + json.dumps({"seconds": seconds, "rows": rows, "database": label}), flush=True)


def _command_seconds(children: int) -> float:
    with tempfile.TemporaryDirectory(prefix="kinmap-bench-demo-") as data_dir:
        env = {**os.environ, "KINMAP_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        kinmap = [sys.executable, "-m", "kinmap"]
        subprocess.run([*kinmap, "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
        started = time.perf_counter()
        subprocess.run(
            [*kinmap, "demo", "--children", str(children), "--seed", str(SEED), "--as-of", AS_OF.isoformat()],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def _postgres_version() -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return row[0] if row else "unknown"
    except Exception:  # not reachable: the benchmark runs on SQLite only
        return None


def _machine() -> str:
    postgres = _postgres_version()
    return (
        f"machine: {describe()}"
        + (f", PostgreSQL {postgres}" if postgres else ", no PostgreSQL reachable")
        + f"; demo seed {SEED}, as of {AS_OF}"
    )
