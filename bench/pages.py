"""Pages under a production server: the child's page, the worklist, the team list and the dashboard,
in a council of 60 children and one of 10,000, on SQLite and PostgreSQL.

    python -m bench pages          (make bench runs every benchmark)

For each database and size, a fresh database (a SQLite file in a temporary folder; a PostgreSQL
database at 127.0.0.1:5432, created and dropped here) gets `kinmap demo --children N --seed 7`
(build, rules checked, sign-ins), then ANALYZE on PostgreSQL (the statistics autovacuum keeps in
production). gunicorn serves it (one sync worker, DEBUG off); one user signs in through the sign-in
page and asks for each page in turn: the child's page of each of the practitioner's first
CHILDREN children, their worklist; the team manager's team list (first page) and dashboard. Each
page is asked for WARM times unmeasured, then RUNS times; the figure is the median (for the child's
page, over every child's requests). The ratio 10,000 / 60 says whether a page's cost follows the
council's size; the goal for the child's page is at most 1.5, and under 100 ms on PostgreSQL.
Settings: KINMAP_BENCH_PAGES_SIZES ("60,10000"), KINMAP_BENCH_DATABASES ("sqlite,postgresql"),
KINMAP_BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432), KINMAP_BENCH_PORT (8411).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench._machine import describe

REPO = Path(__file__).resolve().parent.parent
SEED = 7
AS_OF = "2026-11-20"
CHILDREN = 5  # the practitioner's children whose pages are timed
WARM, RUNS = 3, 15
PASSWORD = "try-kinmap-demo"
PAGES = ("child page", "worklist", "team list", "dashboard")


def main() -> None:
    sizes = [int(n) for n in os.environ.get("KINMAP_BENCH_PAGES_SIZES", "60,10000").split(",")]
    databases = [d.strip() for d in os.environ.get("KINMAP_BENCH_DATABASES", "sqlite,postgresql").split(",")]
    print(f"machine: {describe()}", flush=True)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    figures: dict[tuple[str, int], dict] = {}
    for database in databases:
        for size in sizes:
            figures[database, size] = _measure(database, size)
            f = figures[database, size]
            print(
                f"[{database}, {size:,} children] "
                + "; ".join(f"{page} {f[page] * 1000:.1f} ms" for page in PAGES)
                + f" (load {f['load']})",
                flush=True,
            )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    _table(figures, databases, sizes)


def _table(figures: dict, databases: list[str], sizes: list[int]) -> None:
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    small, large = sizes[0], sizes[-1]
    head = [f"{names.get(d, d)} {n:,}" for d in databases for n in sizes]
    head += [f"{names.get(d, d)} ×" for d in databases]
    print("\n| median of each page | " + " | ".join(head) + " |")
    print("| --- |" + " ---: |" * len(head))
    for page in PAGES:
        cells = [f"{figures[d, n][page] * 1000:.0f} ms" for d in databases for n in sizes]
        cells += [f"{figures[d, large][page] / figures[d, small][page]:.2f}" for d in databases]
        print(f"| {page} | " + " | ".join(cells) + " |")
    for d in databases:
        ratio = figures[d, large]["child page"] / figures[d, small]["child page"]
        ms = figures[d, large]["child page"] * 1000
        print(
            f"{names.get(d, d)}: child page x{ratio:.2f} from {small:,} to {large:,} children (goal <= 1.5), "
            f"{ms:.0f} ms at {large:,}" + (" (goal < 100 ms)" if d == "postgresql" else ""),
            flush=True,
        )


def _measure(database: str, size: int) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix=f"kinmap-bench-pages-{database}-"))
    env = {
        **os.environ,
        "KINMAP_DATA_DIR": str(scratch),
        "KINMAP_DEBUG": "",
        "KINMAP_SECRET_KEY": "bench-only-secret-key",
        "KINMAP_QUEUE": "immediate",
        "DJANGO_SETTINGS_MODULE": "kinmap.settings",
    }
    env.pop("DATABASE_URL", None)
    server = os.environ.get("KINMAP_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    name = f"kinmap_bench_pages_{os.getpid()}_{size}" if database == "postgresql" else None
    if name:
        _postgres(server, f"DROP DATABASE IF EXISTS {name}")
        _postgres(server, f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{server}/{name}"
    kinmap = [sys.executable, "-m", "kinmap"]
    gunicorn = None
    try:
        subprocess.run([*kinmap, "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
        started = time.perf_counter()
        subprocess.run(
            [*kinmap, "demo", "--children", str(size), "--seed", str(SEED), "--as-of", AS_OF],
            cwd=REPO,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"  built {size:,} children on {database} in {time.perf_counter() - started:.0f} s", flush=True)
        if name:
            _postgres(f"{server}", "ANALYZE", database=name)
        port = int(os.environ.get("KINMAP_BENCH_PORT", "8411"))
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "kinmap.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(port)
        base = f"http://127.0.0.1:{port}"
        children = json.loads(
            subprocess.run(
                [sys.executable, "-m", "bench.pages", "--children"],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        amy, carla = _signed_in(base, "amy.practitioner"), _signed_in(base, "carla.manager")
        child_times = [t for child in children for t in _times(amy, f"{base}/children/{child}/")]
        return {
            "child page": statistics.median(child_times),
            "worklist": statistics.median(_times(amy, f"{base}/worklist/")),
            "team list": statistics.median(_times(carla, f"{base}/team/")),
            "dashboard": statistics.median(_times(carla, f"{base}/team/dashboard/")),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        }
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait()
        shutil.rmtree(scratch, ignore_errors=True)
        if name:
            _postgres(server, f"DROP DATABASE IF EXISTS {name}")


def _times(opener: urllib.request.OpenerDirector, url: str) -> list[float]:
    times = []
    for n in range(WARM + RUNS):
        started = time.perf_counter()
        with opener.open(url) as response:
            response.read()
            if response.status != 200 or response.url.rstrip("/").endswith("sign-in"):
                raise RuntimeError(f"{url} answered {response.status} at {response.url}")
        if n >= WARM:
            times.append(time.perf_counter() - started)
    return times


def _signed_in(base: str, username: str) -> urllib.request.OpenerDirector:
    """An opener holding the session of `username`, signed in through the sign-in page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "username": username, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(f"{base}/sign-in/", data=data, headers={"Referer": f"{base}/sign-in/"})
    with opener.open(request) as response:
        if "sign-in" in response.url:
            raise RuntimeError(f"{username} could not sign in")
    return opener


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _postgres(server: str, sql: str, database: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(f"{server}/{database}", autocommit=True) as conn:
        conn.execute(sql)


def _children() -> None:
    """In a process configured for the benchmark's database: the practitioner's first children."""
    import django

    django.setup()
    from kinmap.councils.models import StaffMember
    from kinmap.people.selectors import my_children

    amy = StaffMember.objects.get(user__username="amy.practitioner")
    ids = sorted({i.child_id for i in my_children(staff=amy)})[:CHILDREN]
    print(json.dumps(ids))


if __name__ == "__main__" and sys.argv[1:2] == ["--children"]:
    _children()
