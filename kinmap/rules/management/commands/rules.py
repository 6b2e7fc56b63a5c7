"""`kinmap rules --pack P --format json|text`: every rule of a pack with its quote, source and deadline."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kinmap.rules.interchange import rules_output, table
from kinmap.rules.management.commands._common import refuse
from kinmap.rules.packs import PackError, loaded_pack


class Command(BaseCommand):
    help = "List a pack's rules (resolved, inherited rules included): id, title, quote, source, deadline."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--pack", default=settings.KINMAP_DEFAULT_PACK, help="Pack name (packs/<name>.yaml)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            loaded = loaded_pack(options["pack"])
        except PackError as exc:
            refuse(self.stderr, [str(p) for p in exc.problems])
        out = rules_output(loaded.pack, loaded.sha256)
        if options["format"] == "json":
            self.stdout.write(out.model_dump_json(indent=2))
            return
        self.stdout.write(f"{out.title}: pack {out.pack} {out.version}, {len(out.rules)} rules\n")
        self.stdout.write(
            table(
                ["Rule", "Standing", "Deadline", "Title"],
                [[r.id, r.standing.replace("_", " "), r.deadline_text, r.title] for r in out.rules],
            )
        )
