"""`kinmap rules --pack P --format json|text`: every rule of a pack: quote, source, ages, deadline."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kinmap.rules.interchange import rules_output, table
from kinmap.rules.management.commands._common import refuse
from kinmap.rules.packs import PackError, loaded_pack
from kinmap.rules.schema import AgeRange


def _age(years: float) -> str:
    months = round(years * 12)
    words = f"{months // 12} years"
    return words + (f" {months % 12} months" if months % 12 else "")


def ages_text(ages: AgeRange | None) -> str:
    """The child's ages a rule applies at, in words: '18 years to 19 years 10 months' ([from, to))."""
    if ages is None:
        return "any"
    if ages.from_years is not None and ages.to_years is not None:
        return f"{_age(ages.from_years)} to {_age(ages.to_years)}"
    if ages.from_years is not None:
        return f"{_age(ages.from_years)} and over"
    assert ages.to_years is not None
    return f"under {_age(ages.to_years)}"


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
                ["Rule", "Standing", "Ages", "Deadline", "Title"],
                [
                    [r.id, r.standing.replace("_", " "), ages_text(r.ages), r.deadline_text, r.title]
                    for r in out.rules
                ],
            )
        )
