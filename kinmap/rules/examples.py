"""Each rule proves itself: a pack rule's `examples` run through the engine, as `kinmap packs test` does.

An example is a small chronology in the history file's shape with the results the rule must give
for it on its `as_of` date (docs/packs.md, "Examples"). It is read by the same parser as
`kinmap check --history` and judged by the same engine and the same compiled pack, so an example
that passes here is what a council's analyst and the worklist would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kinmap.rules import engine
from kinmap.rules.interchange import child_record, validate_history
from kinmap.rules.packs import LoadedPack, _display, _line_of
from kinmap.rules.schema import ExpectedResult, Rule, RuleExample


@dataclass(frozen=True)
class ExampleFailure:
    """An example whose results are not the ones it expects, in words a pack's author can act on."""

    pack: str
    rule: str
    number: int  # from 1, in the rule's list
    name: str
    expected: list[str]
    got: list[str]
    place: str = ""  # the pack file and line where the example is written

    def __str__(self) -> str:
        where = f"{self.place}: " if self.place else ""
        return (
            f"{where}{self.pack}: rule {self.rule}: example {self.number} ({self.name}):\n"
            f"  expected: {'; '.join(self.expected)}\n"
            f"  got:      {'; '.join(self.got) or 'no result'}"
        )


@dataclass(frozen=True)
class ExamplesRun:
    pack: str
    examples: int
    rules_with_examples: int
    failures: list[ExampleFailure]
    unproven: list[str]  # statutory rules lacking an example expecting met and one expecting overdue


def _expected_words(expected: ExpectedResult) -> str:
    words = f"period {expected.period}: {expected.status.replace('_', ' ')}"
    if expected.due is not None:
        words += f", due {expected.due}"
    if expected.met_on is not None:
        words += f", met on {expected.met_on}"
    return words


def _result_words(result: engine.Result, expected: ExpectedResult | None) -> str:
    words = f"period {result.period}: {result.status.replace('_', ' ')}"
    if result.due_on is not None:
        words += f", due {result.due_on}"
    if result.met_on is not None and (expected is None or expected.met_on is not None):
        words += f", met on {result.met_on}"
    if result.reason is not None:
        words += f" ({result.reason.replace('_', ' ')})"
    return words


def _matches(result: engine.Result, expected: ExpectedResult) -> bool:
    return (
        result.status == expected.status
        and result.period == expected.period
        and (expected.due is None or result.due_on == expected.due)
        and (expected.met_on is None or result.met_on == expected.met_on)
    )


def _place(files: tuple[Path, ...], rule_id: str, number: int) -> str:
    """Where the example is written: the first file of the pack's chain that has the rule."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
        rules = raw.get("rules") if isinstance(raw, dict) else None
        for i, item in enumerate(rules or []):
            if isinstance(item, dict) and item.get("id") == rule_id:
                node = yaml.compose(text, Loader=yaml.SafeLoader)
                return f"{_display(path)}:{_line_of(node, ['rules', i, 'examples', number - 1])}"
    return ""


def run_example(loaded: LoadedPack, rule: Rule, example: RuleExample) -> list[engine.Result]:
    """The rule's results for the example's child, judged by the whole compiled pack."""
    record = child_record(validate_history(example.history_data()))
    return [r for r in engine.evaluate(loaded.rules, record, example.as_of) if r.rule_id == rule.id]


def unproven(rule: Rule) -> bool:
    """A statutory rule without an example expecting `met` and one expecting `overdue`."""
    if rule.standing != "statutory":
        return False
    statuses = {e.status for example in rule.examples for e in example.expect}
    return not {"met", "overdue"} <= statuses


def run_examples(loaded: LoadedPack) -> ExamplesRun:
    """Run every example of every rule of the pack (inherited rules included)."""
    failures: list[ExampleFailure] = []
    count = 0
    for rule in loaded.pack.rules:
        for number, example in enumerate(rule.examples, start=1):
            count += 1
            results = run_example(loaded, rule, example)
            expected = example.expect
            if len(results) == len(expected) and all(map(_matches, results, expected)):
                continue
            paired = list(expected) + [None] * (len(results) - len(expected))
            failures.append(
                ExampleFailure(
                    loaded.pack.pack,
                    rule.id,
                    number,
                    example.name,
                    [_expected_words(e) for e in expected],
                    [_result_words(r, e) for r, e in zip(results, paired, strict=False)],
                    _place(loaded.files, rule.id, number),
                )
            )
    return ExamplesRun(
        loaded.pack.pack,
        count,
        sum(1 for rule in loaded.pack.rules if rule.examples),
        failures,
        [rule.id for rule in loaded.pack.rules if unproven(rule)],
    )
