"""`kinmap recheck [--council C] [--as-of YYYY-MM-DD]`: re-check every child of a council now, by hand.

The same re-check the nightly job and a change of pack queue (kinmap.rules.tasks), run in this
process without the queue: it is recorded, so the pack page lists it, and it writes only the results
that changed. Without --council, every council is re-checked in turn. Exit codes: 0 done; 2 bad
input (an unknown council or date; nothing ran).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from kinmap.councils.models import Council
from kinmap.rules.management.commands._common import parse_date, refuse
from kinmap.rules.models import Recheck
from kinmap.rules.packs import PackError
from kinmap.rules.services import recheck_queued, recheck_run


class Command(BaseCommand):
    help = "Re-check every child of a council (or of every council) against its pack now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--council", help="The council's short name (slug) or full name (default: every council)"
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Date to judge on (default: today)")

    def handle(self, *args, **options):
        as_of = (
            parse_date(options["as_of"], option="--as-of", stderr=self.stderr)
            if options["as_of"]
            else timezone.localdate()
        )
        councils = Council.objects.order_by("name")
        if options["council"]:
            councils = councils.filter(Q(slug=options["council"]) | Q(name=options["council"]))
            if not councils:
                known = (
                    ", ".join(Council.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
                )
                refuse(
                    self.stderr,
                    [f"--council: there is no council {options['council']!r} (councils: {known})"],
                )
        for council in councils:
            self._recheck(council, as_of)

    def _recheck(self, council: Council, as_of) -> None:
        self.stdout.write(
            f"{council}: checking every child against the {council.pack_name} pack as of {as_of}"
        )
        started = time.perf_counter()
        recheck = recheck_queued(council=council, as_of=as_of, reason=Recheck.Reason.BY_HAND)  # type: ignore[arg-type]
        try:
            recheck = recheck_run(recheck=recheck)
        except PackError as exc:
            refuse(
                self.stderr, [f"{council}: the {council.pack_name} pack cannot be used: {exc.problems[0]}"]
            )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{council}: {recheck.children_done:,} {'child' if recheck.children_done == 1 else 'children'} "
            f"checked in {seconds:.1f} s; "
            f"{recheck.results:,} results: {recheck.added:,} written and {recheck.removed:,} deleted "
            "because they had changed, the rest left as they were"
        )
