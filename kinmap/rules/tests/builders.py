"""Small builders for engine tests: a pack of a few rules, and a child's record, with explicit dates."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from kinmap.rules import engine
from kinmap.rules.schema import Pack


def rule(rule_id: str = "test-rule", **fields: Any) -> dict[str, Any]:
    """A valid rule as a pack would write it; give only the fields a test is about."""
    made: dict[str, Any] = {
        "id": rule_id,
        "title": "A rule for a test",
        "standing": "practice_expectation",
        "services": ["assessment"],
        "source": {"file": "test", "section": "Tests", "quote": "Words quoted for a test."},
        "trigger": {"event": "referral_received"},
        "requires": [{"event": "home_visit", "where": {"child_seen": True}}],
        "deadline": {"amount": 5, "unit": "working_days"},
    }
    made.update(fields)
    return made


def pack(*rules: dict[str, Any], name: str = "test") -> Pack:
    return Pack.model_validate(
        {"pack": name, "version": "2026.1", "title": "Test pack", "rules": list(rules)}
    )


def ruleset(*rules: dict[str, Any]) -> engine.RuleSet:
    return engine.RuleSet.of(pack(*rules))


def event(
    ident: Any,
    event_type: str,
    on: date,
    /,
    *,
    at: time | None = None,
    refers_to: Any = None,
    corrects: Any = None,
    **attributes: Any,
) -> engine.Event:
    return engine.Event(ident, event_type, on, at, attributes, refers_to, corrects)


def involvement(
    service: str = "assessment", start: date = date(2026, 1, 5), end: date | None = None, ident: Any = "inv-1"
) -> engine.Involvement:
    return engine.Involvement(ident, service, start, end)


def record(
    *events: engine.Event,
    involvements: list[engine.Involvement] | None = None,
    birth_date: date | None = date(2015, 6, 1),
) -> engine.ChildRecord:
    return engine.ChildRecord("child-1", birth_date, involvements or [involvement()], list(events))


def check(rules: engine.RuleSet, child: engine.ChildRecord, as_of: date) -> list[engine.Result]:
    return engine.evaluate(rules, child, as_of)


def only(results: list[engine.Result]) -> engine.Result:
    assert len(results) == 1, results
    return results[0]
