"""`kinmap packs validate|coverage|schemas`: look after the rule packs in packs/.

kinmap packs validate          every pack; exit 1 and one line per problem when any is broken
kinmap packs coverage          per pack: catalogue rules encoded / not encoded / total, and missing
kinmap packs schemas [--check] write docs/schemas/*.json (or check they are current)
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kinmap.rules.coverage import coverage, research_dir
from kinmap.rules.interchange import schemas, table, write_schemas
from kinmap.rules.packs import available_packs, loaded_pack, validate_packs

SCHEMAS_DIR = Path(settings.REPO_DIR) / "docs" / "schemas"


class Command(BaseCommand):
    help = "Validate the rule packs, count their coverage of the catalogues, or write the JSON Schemas."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="validate|coverage|schemas")
        sub.add_parser("validate", help="Validate every pack in packs/")
        cover = sub.add_parser("coverage", help="Count catalogue rules encoded and explained, per pack")
        cover.add_argument("--format", choices=["text", "json"], default="text")
        write = sub.add_parser("schemas", help="Write docs/schemas/*.json from the pydantic models")
        write.add_argument("--check", action="store_true", help="Only check that the files are current")

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _validate(self, options):
        found = validate_packs()
        if not found:
            self.stderr.write(f"No packs in {settings.PACKS_DIR}")
            raise SystemExit(1)
        broken = {name: problems for name, problems in found.items() if problems}
        for name, problems in found.items():
            if not problems:
                pack = loaded_pack(name).pack
                self.stdout.write(f"{name}: valid ({len(pack.rules)} rules, version {pack.version})")
        for problems in broken.values():
            for problem in problems:
                self.stderr.write(str(problem))
        if broken:
            self.stderr.write(f"{len(broken)} of {len(found)} packs have problems: {', '.join(broken)}")
            raise SystemExit(1)

    def _coverage(self, options):
        folder = research_dir()
        rows, report = [], []
        for name in available_packs():
            try:
                pack = loaded_pack(name).pack
            except Exception as exc:  # a broken pack is reported, the others still counted
                rows.append([name, "-", "-", "-", "-", f"broken: {str(exc).splitlines()[0]}"])
                continue
            c = coverage(pack, folder)
            note = (
                f"catalogue {c.prefix}*"
                if c.prefix and c.catalogue_found
                else "the pack alone (no catalogue prefix)"
                if not c.prefix
                else "the pack alone (catalogues not found)"
            )
            rows.append([name, str(c.encoded), str(c.not_encoded), str(len(c.missing)), str(c.total), note])
            report.append(c)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "research_dir": str(folder),
                        "research_found": folder.is_dir(),
                        "packs": [
                            {
                                "pack": c.pack,
                                "prefix": c.prefix,
                                "encoded": c.encoded,
                                "not_encoded": c.not_encoded,
                                "total": c.total,
                                "missing": c.missing,
                                "unknown": c.unknown,
                            }
                            for c in report
                        ],
                    },
                    indent=2,
                )
            )
            return
        if not folder.is_dir():
            self.stdout.write(
                f"Catalogues not found at {folder} (set KINMAP_RESEARCH_DIR); counting each pack alone.\n"
            )
        self.stdout.write(
            table(["Pack", "Encoded", "Not encoded", "Missing", "Total", "Counted against"], rows)
        )
        for c in report:
            if c.missing:
                self.stdout.write(f"\n{c.pack}: missing {len(c.missing)}: {', '.join(c.missing)}")
            if c.unknown:
                self.stdout.write(f"\n{c.pack}: named but not in the catalogue: {', '.join(c.unknown)}")

    def _schemas(self, options):
        if options["check"]:
            stale = [
                name
                for name, schema in schemas().items()
                if not (SCHEMAS_DIR / name).is_file()
                or json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8")) != schema
            ]
            if stale:
                self.stderr.write(f"Out of date: {', '.join(stale)}; run `kinmap packs schemas`")
                raise SystemExit(1)
            self.stdout.write("docs/schemas are current")
            return
        for path in write_schemas(SCHEMAS_DIR):
            self.stdout.write(f"wrote {path.relative_to(settings.REPO_DIR)}")
