"""`kinmap packs validate|coverage|test|audit|schemas`: look after the rule packs in packs/.

kinmap packs validate          every pack; exit 1 and one line per problem when any is broken
kinmap packs coverage          per pack: catalogue rules encoded / encoded in part / not encoded / total
kinmap packs test [--pack P]   run every rule's examples through the engine; exit 2 on a failure
kinmap packs audit --handbooks DIR [--research DIR]
                               quotes word for word in the handbooks (and, with the catalogues,
                               every catalogue rule accounted for); exit 2 on a mismatch
kinmap packs schemas [--check] write docs/schemas/*.json (or check they are current)
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kinmap.rules.coverage import coverage, research_dir, unquoted_sources
from kinmap.rules.examples import run_examples
from kinmap.rules.interchange import schemas, table, write_schemas
from kinmap.rules.management.commands._common import BAD_INPUT, refuse
from kinmap.rules.packs import PackError, available_packs, loaded_pack, validate_packs

SCHEMAS_DIR = Path(settings.REPO_DIR) / "docs" / "schemas"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


class Command(BaseCommand):
    help = "Validate the packs, run their examples, audit their quotes, count their coverage, write schemas."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="validate|coverage|test|audit|schemas"
        )
        sub.add_parser("validate", help="Validate every pack in packs/")
        cover = sub.add_parser("coverage", help="Count catalogue rules encoded and explained, per pack")
        cover.add_argument("--format", choices=["text", "json"], default="text")
        cover.add_argument(
            "--research",
            metavar="DIR",
            help="The catalogues (default: $KINMAP_RESEARCH_DIR, else ../shared/research)",
        )
        test = sub.add_parser("test", help="Run every rule's examples through the engine")
        test.add_argument("--pack", help="Only this pack (default: every pack in packs/)")
        audit = sub.add_parser(
            "audit", help="Check every quote against the handbooks, and the catalogues are accounted for"
        )
        audit.add_argument("--handbooks", metavar="DIR", required=True, help="The handbooks (shared/seeds)")
        audit.add_argument("--research", metavar="DIR", help="The catalogues (shared/research)")
        audit.add_argument("--pack", help="Only this pack (default: every pack in packs/)")
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

    def _packs(self, options):
        """The packs named by --pack (or every pack), loaded; one that does not load is refused."""
        names = [options["pack"]] if options.get("pack") else available_packs()
        try:
            return [loaded_pack(name) for name in names]
        except PackError as exc:
            refuse(self.stderr, [str(p) for p in exc.problems])

    def _test(self, options):
        failed = unproven = 0
        for loaded in self._packs(options):
            run = run_examples(loaded)
            for failure in run.failures:
                self.stderr.write(str(failure))
            for rule in run.unproven:
                self.stderr.write(
                    f"{run.pack}: rule {rule}: a statutory rule needs an example expecting met "
                    "and one expecting overdue"
                )
            failed += len(run.failures)
            unproven += len(run.unproven)
            verdict = (
                "all as expected"
                if not run.failures
                else f"{len(run.failures)} not as expected"
            )
            self.stdout.write(
                f"{run.pack}: {_count(run.examples, 'example')} of "
                f"{_count(run.rules_with_examples, 'rule')}, {verdict}"
            )
        if failed or unproven:
            self.stderr.write(
                f"{_count(failed, 'example')} not as expected, {_count(unproven, 'statutory rule')} "
                "without a met and an overdue example"
            )
            raise SystemExit(BAD_INPUT)

    def _audit(self, options):
        handbooks = Path(options["handbooks"])
        research = Path(options["research"]) if options["research"] else None
        for name, folder in (("--handbooks", handbooks), ("--research", research)):
            if folder is not None and not folder.is_dir():
                refuse(self.stderr, [f"{name}: {folder} is not a folder"])
        problems: list[str] = []
        for loaded in self._packs(options):
            pack = loaded.pack
            if pack.handbook is None:
                self.stdout.write(f"{pack.pack}: no handbook of its own (it quotes statutory texts)")
                continue
            if not (handbooks / pack.handbook).is_file():
                problems.append(f"{pack.pack}: its handbook {pack.handbook} is not in {handbooks}")
                continue
            found = [str(m) for m in unquoted_sources(pack, handbooks=handbooks, research=research)]
            if research is not None and pack.catalogue_prefix:
                c = coverage(pack, research)
                found += [f"{pack.pack}: catalogue rule {i} is not accounted for" for i in c.missing]
                found += [f"{pack.pack}: {i} is named by the pack, not by the catalogue" for i in c.unknown]
                checked = "quotes and catalogue"
            else:
                checked = "quotes"
            problems += found
            verdict = _count(len(found), "problem") if found else "as written"
            self.stdout.write(f"{pack.pack}: {checked}: {verdict}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            self.stderr.write(_count(len(problems), "problem"))
            raise SystemExit(BAD_INPUT)

    def _coverage(self, options):
        folder = Path(options["research"]) if options["research"] else research_dir()
        rows, report = [], []
        for name in available_packs():
            try:
                pack = loaded_pack(name).pack
            except Exception as exc:  # a broken pack is reported, the others still counted
                rows.append([name, "-", "-", "-", "-", "-", f"broken: {str(exc).splitlines()[0]}"])
                continue
            c = coverage(pack, folder)
            note = (
                f"catalogue {c.prefix}*"
                if c.prefix and c.catalogue_found
                else "the pack alone (no catalogue prefix)"
                if not c.prefix
                else "the pack alone (catalogues not found)"
            )
            counts = (c.encoded, c.in_part, c.not_encoded, len(c.missing), c.total)
            rows.append([name, *map(str, counts), note])
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
                                "encoded_in_part": c.in_part,
                                "left_out": c.partly,
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
                f"Catalogues not found at {folder} (give --research DIR); counting each pack alone.\n"
            )
        self.stdout.write(
            table(
                ["Pack", "Encoded", "Encoded in part", "Not encoded", "Missing", "Total", "Counted against"],
                rows,
            )
        )
        for c in report:
            if c.partly:
                self.stdout.write(f"\n{c.pack}: encoded in part {len(c.partly)}, leaving out:")
                for ident, left_out in c.partly.items():
                    self.stdout.write(f"  {ident}: {left_out}")
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
