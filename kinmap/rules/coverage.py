"""How much of a handbook's catalogue a pack accounts for.

The catalogues in `../shared/research/*.md` list every rule drawn from the handbooks as
`- id: <prefix>...` lines. A catalogue rule is encoded when a pack rule has its id or lists it in
`covers`, and explained when the pack lists it in `not_encoded`; anything else is missing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from kinmap.rules.schema import Pack

_ID_LINE = re.compile(r"^\s*-\s+id:\s*([a-z0-9][a-z0-9-]*)\s*$", re.MULTILINE)


def research_dir() -> Path:
    """Where the catalogues are: $KINMAP_RESEARCH_DIR, else ../shared/research beside the repository."""
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
    encoded: int
    not_encoded: int
    total: int
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # ids the pack names that the catalogue does not have
    catalogue_found: bool = True

    @property
    def complete(self) -> bool:
        return not self.missing


def coverage(pack: Pack, directory: Path | None = None) -> Coverage:
    """The pack's own rules against its catalogue (or the pack alone when it has none, or none is found)."""
    folder = directory if directory is not None else research_dir()
    encoded_ids = {rule.id for rule in pack.rules} | {c for rule in pack.rules for c in rule.covers}
    explained_ids = {n.id for n in pack.not_encoded}
    if pack.catalogue_prefix is None or not folder.is_dir():
        own_rules = [
            r for r in pack.rules if pack.catalogue_prefix is None or r.id.startswith(pack.catalogue_prefix)
        ]
        own_explained = [
            n
            for n in pack.not_encoded
            if pack.catalogue_prefix is None or n.id.startswith(pack.catalogue_prefix)
        ]
        return Coverage(
            pack.pack,
            pack.catalogue_prefix,
            len(own_rules),
            len(own_explained),
            len(own_rules) + len(own_explained),
            catalogue_found=pack.catalogue_prefix is None,
        )
    catalogue = catalogue_ids(pack.catalogue_prefix, folder)
    known = set(catalogue)
    encoded = [i for i in catalogue if i in encoded_ids]
    explained = [i for i in catalogue if i in explained_ids and i not in encoded_ids]
    missing = [i for i in catalogue if i not in encoded_ids and i not in explained_ids]
    # A pack rule may carry its own id and list the catalogue ids it encodes in `covers` (one
    # catalogue rule split into several pack rules); only ids offered as catalogue ids are checked.
    named = (
        {c for rule in pack.rules for c in rule.covers}
        | explained_ids
        | {rule.id for rule in pack.rules if not rule.covers}
    )
    unknown = sorted(i for i in named if i.startswith(pack.catalogue_prefix) and i not in known)
    return Coverage(
        pack.pack, pack.catalogue_prefix, len(encoded), len(explained), len(catalogue), missing, unknown
    )


def _plain(text: str) -> str:
    """Text compared for quoting: straight quotes and dashes, single spaces, lower case."""
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                            ("\u2013", "-"), ("\u2014", "-")):
        text = text.replace(curly, straight)
    return " ".join(text.split()).lower()


def unquoted_sources(pack: Pack, research: Path | None = None) -> list[str]:
    """Ids of the pack's own rules and meeting types whose quote is not in its handbook or catalogue.

    A quote may leave words out with "..."; each part must be there. The catalogue counts too,
    because it mends words the handbook's table extraction split across cells. The handbook is
    `<research>/../seeds/<pack.handbook>`; with no handbook, nothing is checked.
    """
    folder = research if research is not None else research_dir()
    handbook = folder.parent / "seeds" / pack.handbook if pack.handbook else None
    if handbook is None or not handbook.is_file():
        return []
    texts = [_plain(handbook.read_text(encoding="utf-8"))]
    texts += [_plain(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))]
    sources = [(r.id, r.source) for r in pack.rules]
    sources += [(m.id, m.source) for m in pack.meeting_types if m.source]
    return [
        ident
        for ident, source in sources
        if source is not None and source.file == pack.handbook and not all(
            any(_plain(part) in text for text in texts)
            for part in re.split(r"\.\.\.|…", source.quote) if part.strip()
        )
    ]
