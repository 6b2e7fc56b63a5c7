"""Loading packs: read `packs/<name>.yaml`, validate it, resolve `extends`, say exactly what is wrong.

Every problem names the file, the line, the rule id and the field (`packs/knowsley.yaml:88: rule
knw-fnm-10-days: deadline.unit: ...`), and a pack with any problem is not used at all. A loaded pack
is kept in memory until one of its files (or a file it extends) changes on disk.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.conf import settings
from pydantic import ValidationError

from kinmap.journey.vocabulary import vocabulary
from kinmap.rules.engine import RuleSet
from kinmap.rules.schema import AnyOf, EventCondition, NotEncoded, Pack, Rule

if TYPE_CHECKING:
    from kinmap.rules.models import PackVersion


@dataclass(frozen=True)
class PackProblem:
    file: str
    field: str
    message: str
    rule: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        rule = f" rule {self.rule}:" if self.rule else ""
        return f"{place}:{rule} {self.field}: {self.message}"


class PackError(Exception):
    """A pack that cannot be used, with every problem found in it."""

    def __init__(self, problems: Sequence[PackProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def packs_dir(directory: Path | None = None) -> Path:
    return Path(directory) if directory is not None else Path(settings.PACKS_DIR)


def available_packs(directory: Path | None = None) -> list[str]:
    """The names of the packs in the packs folder, in alphabetical order."""
    return sorted(p.stem for p in packs_dir(directory).glob("*.yaml"))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path(settings.REPO_DIR).resolve()))
    except ValueError:
        return str(path)


# --- Reading one file ---------------------------------------------------------------------------


def _line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The line of the deepest part of the YAML document that `loc` reaches."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


_LISTS_WITH_IDS = ("rules", "meeting_types", "not_encoded", "encoded_in_part")


_NEED_TAGS = ("event", "any_of")


def _place(raw: Any, loc: Sequence[int | str]) -> tuple[str | None, str]:
    """(rule id, field) for a pydantic location: ('rules', 3, 'deadline', 'unit')."""
    rule = None
    rest = list(loc)
    if len(loc) >= 2 and loc[0] in _LISTS_WITH_IDS and isinstance(loc[1], int) and isinstance(raw, dict):
        items = raw.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        rule = f"{ident}" if ident else f"{loc[0]}[{loc[1]}] (no id)"
        if loc[0] == "meeting_types":
            rule = f"meeting type {rule}"
        elif loc[0] in ("not_encoded", "encoded_in_part"):
            rule = f"{loc[0]} {rule}"
        rest = list(loc[2:])
    # The tags of a tagged union (schema.Need) are not places in the file.
    rest = [
        part
        for i, part in enumerate(rest)
        if not (i >= 2 and rest[i - 2] == "requires" and isinstance(rest[i - 1], int) and part in _NEED_TAGS)
    ]
    text = ""
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    if not text:
        text = "(the whole entry)" if rule else "(the pack)"
    return rule, text


_FRIENDLY = {
    "missing": "is required",
    "extra_forbidden": "is not a field here (see docs/packs.md for the fields)",
}


_PATTERNS = {
    "version": "should be YYYY.N, e.g. 2026.1",
    "id": "should be lower-case letters, digits and hyphens, e.g. nld-fnm-10-days",
    "pack": "should be the file name: lower-case letters, digits and hyphens",
}


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind in _FRIENDLY:
        return _FRIENDLY[kind]
    loc = error.get("loc") or ("",)
    if kind == "string_pattern_mismatch" and loc[-1] in _PATTERNS:
        return f"{_PATTERNS[loc[-1]]} (got {error.get('input')!r})"
    message = str(error.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    value = error.get("input")
    if kind != "value_error" and isinstance(value, str | int | float | bool):
        message += f" (got {value!r})"
    return message


@dataclass(frozen=True)
class _File:
    name: str
    path: Path
    display: str
    raw: dict[str, Any]
    node: yaml.Node | None
    pack: Pack

    def problem(self, loc: Sequence[int | str], message: str) -> PackProblem:
        rule, field = _place(self.raw, loc)
        return PackProblem(self.display, field, message, rule, _line_of(self.node, loc))


def _read(name: str, directory: Path) -> _File:
    path = directory / f"{name}.yaml"
    display = _display(path)
    if not path.is_file():
        known = ", ".join(available_packs(directory)) or "none"
        raise PackError([PackProblem(display, "(file)", f"no pack named '{name}' (packs here: {known})")])
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError([PackProblem(display, "(YAML)", f"cannot be read: {problem}", line=line)]) from exc
    if not isinstance(raw, dict):
        raise PackError(
            [PackProblem(display, "(file)", "a pack is a mapping of fields (pack:, version:, rules: ...)")]
        )
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = error.get("loc", ())
            rule, field = _place(raw, loc)
            problems.append(PackProblem(display, field, _message(error), rule, _line_of(node, loc)))
        raise PackError(problems) from None
    loaded = _File(name, path, display, raw, node, pack)
    problems = _file_problems(loaded)
    if problems:
        raise PackError(problems)
    return loaded


def _where_problems(cond: EventCondition | None, event: str | None, where: dict[str, Any]) -> list[str]:
    if cond is not None:
        event, where = cond.event, cond.where
    if event is None:
        return []
    found: list[str] = []
    for name, value in where.items():
        for one in value if isinstance(value, list) else [value]:
            found.extend(vocabulary().check_attributes(event, {name: one}))
    return found


def _file_problems(loaded: _File) -> list[PackProblem]:
    """What the schema cannot see alone: the file's name, and `where` values against the vocabulary."""
    pack, problems = loaded.pack, []
    if pack.pack != loaded.name:
        problems.append(loaded.problem(["pack"], f"'{pack.pack}' must match the file name '{loaded.name}'"))
    if pack.removed and not pack.extends:
        problems.append(loaded.problem(["removed"], "only a pack that extends another can remove rules"))
    for i, rule in enumerate(pack.rules):
        checks: list[tuple[list[int | str], list[str]]] = [
            (["rules", i, "trigger", "where"], _where_problems(None, rule.trigger.event, rule.trigger.where)),
            (
                ["rules", i, "trigger", "clock_from", "where"],
                _where_problems(rule.trigger.clock_from, None, {}),
            ),
        ]
        for j, group in enumerate(rule.requires):
            if isinstance(group, AnyOf):
                checks += [
                    (["rules", i, "requires", j, "any_of", k, "where"], _where_problems(c, None, {}))
                    for k, c in enumerate(group.any_of)
                ]
            else:
                checks.append((["rules", i, "requires", j, "where"], _where_problems(group, None, {})))
        if rule.recurrence is not None and rule.recurrence.ends_with is not None:
            checks.append(
                (
                    ["rules", i, "recurrence", "ends_with", "where"],
                    _where_problems(rule.recurrence.ends_with, None, {}),
                )
            )
        for loc, messages in checks:
            problems.extend(loaded.problem(loc, m) for m in messages)
        if rule.id in pack.removed:
            problems.append(
                loaded.problem(
                    ["rules", i, "id"],
                    "is also in 'removed'; a rule with the same id already replaces the inherited one",
                )
            )
        covered_twice = set(rule.covers) & {n.id for n in pack.not_encoded}
        if covered_twice:
            problems.append(
                loaded.problem(
                    ["rules", i, "covers"], "also listed in not_encoded: " + ", ".join(sorted(covered_twice))
                )
            )
    for key in pack.vocabulary.meeting_names:
        spec = vocabulary().event_types.get(key)
        if spec is None or not spec.meeting:
            problems.append(
                loaded.problem(
                    ["vocabulary", "meeting_names", key],
                    f"'{key}' is not a meeting event type in the vocabulary",
                )
            )
    for key in pack.vocabulary.service_variants:
        if key not in vocabulary().services:
            problems.append(
                loaded.problem(
                    ["vocabulary", "service_variants", key],
                    f"'{key}' is not a service area in the vocabulary",
                )
            )
    return problems


# --- Resolving extends --------------------------------------------------------------------------


def _merge_by_id(inherited: Iterable[Any], own: Iterable[Any]) -> list[Any]:
    """Inherited items in their order, each replaced by the pack's own item of the same id; new ones after."""
    mine = {item.id: item for item in own}
    merged = [mine.pop(item.id, item) for item in inherited]
    return merged + list(mine.values())


def _resolve(name: str, directory: Path, chain: tuple[str, ...] = ()) -> tuple[Pack, list[Path]]:
    loaded = _read(name, directory)
    own = loaded.pack
    if own.extends is None:
        return own, [loaded.path]
    if own.extends == name or own.extends in chain:
        loop = " -> ".join((*chain, name, own.extends))
        raise PackError([loaded.problem(["extends"], f"packs extend each other in a loop: {loop}")])
    try:
        parent, files = _resolve(own.extends, directory, (*chain, name))
    except PackError as exc:
        if not (directory / f"{own.extends}.yaml").is_file():
            raise PackError([loaded.problem(["extends"], exc.problems[0].message)]) from None
        raise
    inherited_ids = [rule.id for rule in parent.rules]
    problems = [
        loaded.problem(["removed", i], f"'{rid}' is not a rule of {own.extends} (so it cannot be removed)")
        for i, rid in enumerate(own.removed)
        if rid not in inherited_ids
    ]
    problems += [
        loaded.problem(["inherited_also_in", service, i], f"'{rid}' is not a rule of {own.extends}")
        for service, ids in own.inherited_also_in.items()
        for i, rid in enumerate(ids)
        if rid not in inherited_ids
    ]
    problems += [
        loaded.problem(["inherited_also_in", service], f"'{service}' is not a service area in the vocabulary")
        for service in own.inherited_also_in
        if service not in vocabulary().services
    ]
    variants = {**parent.vocabulary.variants, **own.vocabulary.variants}
    service_variants = {**parent.vocabulary.service_variants, **own.vocabulary.service_variants}
    problems += [
        loaded.problem(
            ["vocabulary", "service_variants", service],
            f"no variant '{variant}' is named in "
            f"vocabulary.variants here or in {own.extends} (named: {', '.join(variants) or 'none'})",
        )
        for service, variant in own.vocabulary.service_variants.items()
        if variant not in variants
    ]
    if problems:
        raise PackError(problems)
    widened = {rid: [s for s, ids in own.inherited_also_in.items() if rid in ids] for rid in inherited_ids}
    kept = [
        r.model_copy(update={"services": [*r.services, *(s for s in widened[r.id] if s not in r.services)]})
        if widened[r.id] else r
        for r in parent.rules
        if r.id not in own.removed
    ]
    rules: list[Rule] = _merge_by_id(kept, own.rules)
    not_encoded: list[NotEncoded] = _merge_by_id(parent.not_encoded, own.not_encoded)
    vocab = own.vocabulary.model_copy(
        update={
            "variants": variants,
            "service_variants": service_variants,
            "meeting_names": {**parent.vocabulary.meeting_names, **own.vocabulary.meeting_names},
        }
    )
    resolved = own.model_copy(
        update={
            "rules": rules,
            "not_encoded": not_encoded,
            "meeting_types": _merge_by_id(parent.meeting_types, own.meeting_types),
            "vocabulary": vocab,
            "days_policy": own.days_policy or parent.days_policy,
        }
    )
    return resolved, [loaded.path, *files]


# --- The cache ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedPack:
    pack: Pack
    rules: RuleSet
    sha256: str
    files: tuple[Path, ...]
    stamp: tuple[tuple[str, int, int], ...]


def _stamp(files: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for path in files:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return ()
        stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def content_sha256(pack: Pack) -> str:
    """The hash of a resolved pack's content: equal content, equal hash, whatever the file layout."""
    text = json.dumps(pack.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_cache: dict[tuple[str, str], LoadedPack] = {}
_lock = threading.Lock()


def loaded_pack(name: str, *, directory: Path | None = None) -> LoadedPack:
    """The resolved pack, its compiled rules and its hash; read again only when a file changed."""
    folder = packs_dir(directory)
    key = (str(folder.resolve()), name)
    cached = _cache.get(key)
    if cached is not None and cached.stamp and _stamp(cached.files) == cached.stamp:
        return cached
    with _lock:
        pack, files = _resolve(name, folder)
        loaded = LoadedPack(pack, RuleSet.of(pack), content_sha256(pack), tuple(files), _stamp(files))
        _cache[key] = loaded
    return loaded


def load_pack(name: str, *, directory: Path | None = None) -> Pack:
    """The pack `name`, resolved (extends applied). Raises PackError naming every problem."""
    return loaded_pack(name, directory=directory).pack


def validate_packs(directory: Path | None = None) -> dict[str, list[PackProblem]]:
    """Every pack in the folder and its problems (an empty list: the pack is valid)."""
    found: dict[str, list[PackProblem]] = {}
    for name in available_packs(directory):
        try:
            loaded_pack(name, directory=directory)
        except PackError as exc:
            found[name] = exc.problems
        else:
            found[name] = []
    return found


def current_pack_version(*, name: str, directory: Path | None = None) -> PackVersion:
    """The PackVersion of the pack as it is now, recorded the first time this content is seen."""
    from django.db import IntegrityError, transaction

    from kinmap.rules.models import PackVersion

    loaded = loaded_pack(name, directory=directory)
    version = PackVersion.objects.filter(name=name, sha256=loaded.sha256).defer("content").first()
    if version is None:
        try:
            with transaction.atomic():
                version = PackVersion.objects.create(
                    name=name,
                    version=loaded.pack.version,
                    sha256=loaded.sha256,
                    content=loaded.pack.model_dump(mode="json"),
                )
        except IntegrityError:  # another process recorded it first
            version = PackVersion.objects.get(name=name, sha256=loaded.sha256)
    return version
