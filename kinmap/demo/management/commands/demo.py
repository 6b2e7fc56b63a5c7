"""`kinmap demo`: build the demo council (Demoshire) and say how to sign in to it."""

from __future__ import annotations

import argparse
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from kinmap.councils.models import Council
from kinmap.demo.generator import DEMO_PASSWORD, build_demo_council, demo_council, remove_council, sign_ins
from kinmap.rules.models import RuleResult
from kinmap.rules.services import check_council


def a_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"
        ) from None


class Command(BaseCommand):
    help = (
        "Build the demo council, Demoshire: synthetic families with two years of history in every "
        "service area, and an account for each role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--children",
            type=int,
            default=60,
            help="How many children (default 60; 10,000 and more make a large council)",
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same council")
        parser.add_argument("--pack", default="northumberland", help="The rule pack the council works to")
        parser.add_argument(
            "--as-of",
            type=a_date,
            default=None,
            help="The last day of the two years of history (default today)",
        )
        parser.add_argument("--reset", action="store_true", help="Replace the demo council if it is there")

    def handle(self, *args, children: int, seed: int, pack: str, as_of: date | None, reset: bool, **options):
        if children < 1:
            raise CommandError("--children must be 1 or more.")
        today = timezone.localdate()
        as_of = as_of or today
        if as_of > today:
            raise CommandError(
                f"--as-of cannot be after today ({today:%Y-%m-%d}): the demo's history has happened."
            )
        if not (settings.PACKS_DIR / f"{pack}.yaml").exists():
            known = ", ".join(sorted(p.stem for p in settings.PACKS_DIR.glob("*.yaml"))) or "none yet"
            raise CommandError(
                f"There is no pack called '{pack}' in {settings.PACKS_DIR} (there are: {known})."
            )
        existing = demo_council()
        if existing is not None and not reset:
            self.stdout.write(
                f"{existing.name} is already here ({existing.children.count():,} children); it is left as it "
                "is. `kinmap demo --reset` builds it afresh."
            )
            self._sign_ins(existing)
            return
        if existing is not None:
            self.stdout.write(f"Taking away the old {existing.name}...")
            remove_council(council=existing)
        self.stdout.write(
            f"Building the demo council: {children:,} children, seed {seed}, two years to "
            f"{as_of:%-d %B %Y}, pack {pack}."
        )
        build = build_demo_council(
            children=children, seed=seed, pack=pack, as_of=as_of, progress=self.stdout.write
        )
        rows = build.rows
        self.stdout.write(
            f"Built {build.council.name} in {build.seconds:.1f} s: {rows['children']:,} children in "
            f"{build.families:,} families, {rows['people']:,} people, {rows['involvements']:,} involvements, "
            f"{rows['transfers']:,} transfers and {rows['events']:,} events."
        )
        self._check(build.council, as_of)
        self._sign_ins(build.council)

    def _check(self, council: Council, as_of: date) -> None:
        self.stdout.write(f"Checking the rules of the {council.pack_name} pack...")
        check_council(council=council, as_of=as_of)
        counts = dict(
            RuleResult.objects.filter(child__council=council)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        self.stdout.write(
            "Rule results: "
            + ", ".join(
                f"{counts.get(status, 0):,} {label}"
                for status, label in (
                    ("met", "met"),
                    ("met_late", "met late"),
                    ("due", "due"),
                    ("overdue", "overdue"),
                )
            )
            + "."
        )

    def _sign_ins(self, council: Council) -> None:
        accounts = sign_ins(council=council)
        self.stdout.write(f"\nSign in as any of these; every demo account's password is {DEMO_PASSWORD}")
        width = max(len(a.role) for a in accounts)
        for account in accounts:
            where = f", {account.team}" if account.team else ""
            self.stdout.write(
                f"  {account.role:<{width}}  {account.username:<17} {account.name} "
                f"({account.job_title}{where})"
            )
