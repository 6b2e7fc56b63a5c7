"""`kinmap check`: Django's system check, or, with --history FILE, a child's chronology against a pack.

    kinmap check --pack england --history child.json --as-of 2026-03-31 --format json

Exit codes: 0 checked; 2 bad input (the message names the file and the JSON path, and nothing
else runs). docs/interchange.md describes the file and the output.
"""

from django.conf import settings
from django.core.management.commands.check import Command as SystemCheckCommand
from django.utils import timezone

from kinmap.rules import engine
from kinmap.rules.interchange import (
    REASON_WORDS,
    HistoryError,
    check_output,
    child_record,
    read_history,
    table,
)
from kinmap.rules.management.commands._common import parse_date, refuse
from kinmap.rules.packs import PackError, loaded_pack


class Command(SystemCheckCommand):
    help = (
        "Checks the entire Django project for potential problems; with --history FILE, checks a child's "
        "chronology against a rule pack instead (see docs/interchange.md)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        group = parser.add_argument_group("chronology", "Check a child's history file against a pack")
        group.add_argument(
            "--history", metavar="FILE", help="JSON history file (docs/schemas/history.schema.json)"
        )
        group.add_argument("--pack", help=f"Pack name (default: {settings.KINMAP_DEFAULT_PACK})")
        group.add_argument("--as-of", metavar="YYYY-MM-DD", help="Date to judge on (default: today)")
        group.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *app_labels, **options):
        if not options["history"]:
            if options["pack"] or options["as_of"]:
                refuse(self.stderr, ["--pack and --as-of go with --history FILE"])
            return super().handle(*app_labels, **options)
        if app_labels:
            refuse(self.stderr, ["with --history, give no app labels"])
        as_of = (
            parse_date(options["as_of"], option="--as-of", stderr=self.stderr)
            if options["as_of"]
            else timezone.localdate()
        )
        try:
            history = read_history(options["history"])
        except HistoryError as exc:
            refuse(self.stderr, exc.problems)
        try:
            loaded = loaded_pack(options["pack"] or settings.KINMAP_DEFAULT_PACK)
        except PackError as exc:
            refuse(self.stderr, [str(p) for p in exc.problems])
        results = engine.evaluate(loaded.rules, child_record(history), as_of)
        out = check_output(
            history=history, pack=loaded.pack, sha256=loaded.sha256, as_of=as_of, results=results
        )
        if options["format"] == "json":
            self.stdout.write(out.model_dump_json(indent=2))
            return
        self._text(out)

    def _text(self, out):
        born = f", born {out.child.birth_date}" if out.child.birth_date else ""
        self.stdout.write(
            f"Child {out.child.id}{born}: pack {out.pack} {out.pack_version}, as of {out.as_of}\n"
        )
        rows = []
        for r in out.results:
            status = r.status.replace("_", " ")
            if r.reason:
                status = f"{status} ({REASON_WORDS[r.reason]})"
            if r.missing is not None:
                status = f"{status}: {r.missing.text}"
            rows.append(
                [
                    r.rule,
                    str(r.period),
                    status,
                    str(r.due or ""),
                    str(r.met_on or ""),
                    "" if r.evidence is None else str(r.evidence),
                ]
            )
        self.stdout.write(table(["Rule", "Period", "Status", "Due", "Met on", "Evidence"], rows))
        counts = {s: sum(1 for r in out.results if r.status == s) for s in engine.STATUSES}
        self.stdout.write("\n" + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n))
