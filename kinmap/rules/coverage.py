"""How much of a handbook's catalogue a pack accounts for, and whether its quotes are the handbook's words.

The handbooks and their catalogues are not part of the repository: `kinmap packs coverage` and
`kinmap packs audit` are given their folders (CI passes `../shared/seeds` and `../shared/research`
when they are there). A catalogue lists every rule drawn from a handbook as `- id: <prefix>...`
lines. A catalogue rule is encoded when a pack rule has its id or lists it in `covers`, encoded in
part when the pack also lists it in `encoded_in_part` (with what is left out), and explained when
the pack lists it in `not_encoded`; anything else is missing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

from kinmap.rules.packs import _line_of
from kinmap.rules.schema import Pack

_ID_LINE = re.compile(r"^\s*-\s+id:\s*([a-z0-9][a-z0-9-]*)\s*$", re.MULTILINE)


def research_dir() -> Path:
    """Where `kinmap packs coverage` looks by default: $KINMAP_RESEARCH_DIR, else ../shared/research."""
    configured = os.environ.get("KINMAP_RESEARCH_DIR")
    return Path(configured) if configured else Path(settings.REPO_DIR).parent / "shared" / "research"


def catalogue_ids(prefix: str, directory: Path) -> list[str]:
    """Every catalogue id starting with `prefix`, in the order the catalogues list them, once each."""
    seen: dict[str, None] = {}
    for path in sorted(directory.glob("*.md")):
        for found in _ID_LINE.findall(path.read_text(encoding="utf-8")):
            if found.startswith(prefix):
                seen.setdefault(found, None)
    return list(seen)


@dataclass(frozen=True)
class Coverage:
    pack: str
    prefix: str | None
    encoded: int  # wholly
    in_part: int
    not_encoded: int
    total: int
    missing: list[str] = field(default_factory=list)
    partly: dict[str, str] = field(default_factory=dict)  # catalogue id: what is left out
    unknown: list[str] = field(default_factory=list)  # ids the pack names that the catalogue does not have
    catalogue_found: bool = True

    @property
    def complete(self) -> bool:
        return not self.missing


def _own(ids: set[str], prefix: str | None) -> set[str]:
    return ids if prefix is None else {i for i in ids if i.startswith(prefix)}


def coverage(pack: Pack, directory: Path | None = None) -> Coverage:
    """The pack's own rules against its catalogue (or the pack alone when it has none, or none is found)."""
    folder = directory if directory is not None else research_dir()
    prefix = pack.catalogue_prefix
    encoded_ids = {rule.id for rule in pack.rules} | {c for rule in pack.rules for c in rule.covers}
    in_part_ids = {entry.id for entry in pack.encoded_in_part} & encoded_ids
    explained_ids = {n.id for n in pack.not_encoded}
    if prefix is None or not folder.is_dir():
        # Each pack rule counts once, as the catalogue rules it names (its covers, else its own id).
        named = {c for rule in pack.rules for c in (rule.covers or [rule.id])}
        wholly, partly, explained = (
            len(_own(ids, prefix)) for ids in (named - in_part_ids, in_part_ids, explained_ids)
        )
        total = wholly + partly + explained
        return Coverage(pack.pack, prefix, wholly, partly, explained, total, catalogue_found=prefix is None)
    catalogue = catalogue_ids(prefix, folder)
    known = set(catalogue)
    wholly_ids = [i for i in catalogue if i in encoded_ids and i not in in_part_ids]
    partly_ids = [i for i in catalogue if i in in_part_ids]
    explained_list = [i for i in catalogue if i in explained_ids and i not in encoded_ids]
    missing = [i for i in catalogue if i not in encoded_ids and i not in explained_ids]
    # A pack rule may carry its own id and list the catalogue ids it encodes in `covers` (one
    # catalogue rule split into several pack rules); only ids offered as catalogue ids are checked.
    named = (
        {c for rule in pack.rules for c in rule.covers}
        | explained_ids
        | {entry.id for entry in pack.encoded_in_part}
        | {rule.id for rule in pack.rules if not rule.covers}
    )
    unknown = sorted(i for i in named if i.startswith(prefix) and i not in known)
    left_out = {entry.id: entry.left_out for entry in pack.encoded_in_part}
    return Coverage(
        pack.pack,
        prefix,
        len(wholly_ids),
        len(partly_ids),
        len(explained_list),
        len(catalogue),
        missing,
        {i: left_out[i] for i in partly_ids},
        unknown,
    )


# --- Quotes, word for word ----------------------------------------------------------------------


def _plain(text: str) -> str:
    """Text compared for quoting: straight quotes and dashes, single spaces, lower case."""
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                            ("\u2013", "-"), ("\u2014", "-")):
        text = text.replace(curly, straight)
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class QuoteMismatch:
    """A rule (or meeting type) whose quote is not, word for word, in the handbook it names."""

    pack: str
    rule: str
    pack_file: str  # where the quote is written: packs/<pack>.yaml:<line>
    handbook: str
    cited: str  # where the source says it is: its section, and line or page
    missing: str  # the first part of the quote found nowhere

    def __str__(self) -> str:
        return (
            f"{self.pack_file}: pack {self.pack}: rule {self.rule}: quote not found word for word in "
            f"{self.handbook} ({self.cited}): \"{self.missing}\""
        )


def _quote_lines(path: Path) -> dict[str, int]:
    """The line of each rule's and meeting type's `source.quote` in a pack file, by id."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    node, raw = yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    lines: dict[str, int] = {}
    for key in ("rules", "meeting_types"):
        for i, item in enumerate(raw.get(key) or []):
            line = _line_of(node, [key, i, "source", "quote"])
            if isinstance(item, dict) and line is not None:
                lines.setdefault(str(item.get("id")), line)
    return lines


def unquoted_sources(
    pack: Pack, *, handbooks: Path, research: Path | None = None, pack_file: Path | None = None
) -> list[QuoteMismatch]:
    """The pack's own rules and meeting types whose quote is not in its handbook (or its catalogue).

    A quote may leave words out with "..."; each part must be there. The catalogue counts too,
    because it mends words the handbook's table extraction split across cells. Only sources naming
    the pack's handbook are checked (statutory guidance is quoted from elsewhere).
    """
    if pack.handbook is None:
        return []
    texts = [_plain((handbooks / pack.handbook).read_text(encoding="utf-8"))]
    if research is not None:
        texts += [_plain(p.read_text(encoding="utf-8")) for p in sorted(research.glob("*.md"))]
    shown = Path(pack_file) if pack_file is not None else Path(settings.PACKS_DIR) / f"{pack.pack}.yaml"
    lines = _quote_lines(shown)
    try:
        display = str(shown.resolve().relative_to(Path(settings.REPO_DIR).resolve()))
    except ValueError:
        display = str(shown)
    sources = [(r.id, r.source) for r in pack.rules]
    sources += [(f"meeting type {m.id}", m.source) for m in pack.meeting_types if m.source]
    found: list[QuoteMismatch] = []
    for ident, source in sources:
        if source is None or source.file != pack.handbook:
            continue
        for part in re.split(r"\.\.\.|…", source.quote):
            if part.strip() and not any(_plain(part) in text for text in texts):
                where = [f"section {source.section!r}"]
                where += [f"line {source.line}"] if source.line else []
                where += [f"page {source.page}"] if source.page else []
                line = lines.get(ident.removeprefix("meeting type "))
                found.append(
                    QuoteMismatch(
                        pack.pack,
                        ident,
                        f"{display}:{line}" if line else display,
                        pack.handbook,
                        ", ".join(where),
                        " ".join(part.split()),
                    )
                )
                break
    return found
