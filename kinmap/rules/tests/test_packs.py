"""Packs: every pack in packs/ validates; a broken one is refused with the file, line, rule and field."""

import os
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kinmap.rules.coverage import unquoted_sources
from kinmap.rules.examples import run_examples
from kinmap.rules.packs import (
    PackError,
    available_packs,
    content_sha256,
    current_pack_version,
    load_pack,
    loaded_pack,
)
from kinmap.rules.schema import Pack
from kinmap.rules.tests.builders import rule

PACKS = Path(__file__).resolve().parents[3] / "packs"


@pytest.mark.parametrize("name", sorted(p.stem for p in PACKS.glob("*.yaml")))
def test_every_pack_in_the_repository_validates(name):
    pack = load_pack(name, directory=PACKS)
    assert pack.pack == name
    assert pack.rules, f"{name} has no rules"


@pytest.mark.parametrize("name", sorted(p.stem for p in PACKS.glob("*.yaml")))
def test_kinmap_packs_test_passes_for_every_pack(name, settings):
    """Every example gives what it expects, and every statutory rule has a met and an overdue one."""
    settings.PACKS_DIR = PACKS
    out, err = StringIO(), StringIO()
    try:
        call_command("packs", "test", "--pack", name, stdout=out, stderr=err)
    except SystemExit as exc:
        pytest.fail(f"kinmap packs test --pack {name} exited {exc.code}:\n{err.getvalue()}")
    assert out.getvalue().startswith(f"{name}: ") and out.getvalue().endswith(", all as expected\n")
    assert run_examples(loaded_pack(name, directory=PACKS)).examples >= 2


def test_a_quote_that_is_not_in_the_handbook_is_found(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "h.txt").write_text("We will visit within 5 working days.\nWe share the plan with the family.")
    pack = Pack.model_validate({
        "pack": "t", "version": "2026.1", "title": "T", "handbook": "h.txt",
        "rules": [
            rule("t-good", source={"file": "h.txt", "section": "S",
                                   "quote": "We will visit ... 5 working days."}),
            rule("t-bad", source={"file": "h.txt", "section": "S", "line": 2,
                                  "quote": "We will visit ... within 10 days."}),
        ],
    })
    [mismatch] = unquoted_sources(pack, handbooks=seeds)
    assert (mismatch.rule, mismatch.cited) == ("t-bad", "section 'S', line 2")
    assert mismatch.missing == "within 10 days."


def test_the_england_pack_names_every_variant_with_seven_columns_and_its_statutory_rules():
    pack = load_pack("england", directory=PACKS)
    assert set(pack.vocabulary.variants) == {"safety", "wellbeing", "success"}
    assert pack.vocabulary.variants["wellbeing"].columns["danger"] == "Critical worries"
    assert pack.vocabulary.service_variants["child_protection"] == "safety"
    assert all(r.standing == "statutory" for r in pack.rules)
    assert {m.id for m in pack.meeting_types} >= {
        "core_group_meeting",
        "family_network_meeting",
        "looked_after_review",
    }


def write(folder: Path, name: str, **fields) -> Path:
    data = {"pack": name, "version": "2026.1", "title": f"{name} pack", **fields}
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def problems(folder: Path, name: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(name, directory=folder)
    return [str(p) for p in caught.value.problems]


def test_a_bad_field_is_named_with_the_file_line_rule_and_field(tmp_path):
    write(
        tmp_path,
        "bad",
        rules=[rule("good-rule"), rule("late-rule", deadline={"amount": 3, "unit": "fortnights"})],
    )
    [message] = problems(tmp_path, "bad")
    assert message.startswith(f"{tmp_path / 'bad.yaml'}:")
    assert " rule late-rule: deadline.unit: Input should be 'hours', 'same_day', " in message
    assert "(got 'fortnights')" in message
    line = int(message.split(":")[1])
    assert "fortnights" in (tmp_path / "bad.yaml").read_text().splitlines()[line - 1]


def test_every_problem_in_a_pack_is_reported_at_once(tmp_path):
    write(
        tmp_path,
        "bad",
        rules=[
            rule("no-event", trigger={"event": "referal_received"}),
            rule("no-service", services=["social_care"]),
            rule("no-attribute", requires=[{"event": "home_visit", "where": {"seen": True}}]),
        ],
    )
    found = problems(tmp_path, "bad")
    assert any("rule no-event: trigger: unknown event type 'referal_received'" in p for p in found)
    assert any("rule no-service: services: unknown service area(s): social_care" in p for p in found)
    assert any(
        "rule no-attribute: requires[0]: event 'home_visit' has no attribute 'seen'" in p for p in found
    )


def test_a_where_value_outside_the_choices_is_refused(tmp_path):
    write(
        tmp_path,
        "bad",
        rules=[rule("wrong-choice", requires=[{"event": "home_visit", "where": {"location": "garden"}}])],
    )
    [message] = problems(tmp_path, "bad")
    assert (
        "rule wrong-choice: requires[0].where: 'location' must be one of: home, placement, school, other"
        in message
    )


def test_a_missing_field_and_an_unknown_field_are_named(tmp_path):
    broken = rule("odd-rule", deadlines={"amount": 1, "unit": "weeks"})
    del broken["deadline"]
    write(tmp_path, "bad", rules=[broken])
    found = problems(tmp_path, "bad")
    assert any("rule odd-rule: deadline: is required" in p for p in found)
    assert any("rule odd-rule: deadlines: is not a field here" in p for p in found)


def test_a_rule_without_an_id_is_named_by_its_place(tmp_path):
    nameless = rule()
    del nameless["id"]
    write(tmp_path, "bad", rules=[rule("first"), nameless])
    assert any("rule rules[1] (no id): id: is required" in p for p in problems(tmp_path, "bad"))


def test_a_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    (tmp_path / "bad.yaml").write_text("pack: bad\nrules:\n  - id: x\n   title: [unclosed\n")
    [message] = problems(tmp_path, "bad")
    assert message.startswith(f"{tmp_path / 'bad.yaml'}:4: (YAML): cannot be read:")


def test_the_pack_name_must_match_the_file(tmp_path):
    write(tmp_path, "knowsley", rules=[rule()])
    (tmp_path / "knowsley.yaml").rename(tmp_path / "knowsly.yaml")
    assert any(
        "pack: 'knowsley' must match the file name 'knowsly'" in p for p in problems(tmp_path, "knowsly")
    )


def test_an_unknown_pack_is_named_with_the_packs_there_are(tmp_path):
    write(tmp_path, "england", rules=[rule()])
    [message] = problems(tmp_path, "kent")
    assert "no pack named 'kent' (packs here: england)" in message


def test_extends_inherits_replaces_and_removes_rules(tmp_path):
    write(
        tmp_path,
        "england",
        rules=[rule("eng-a"), rule("eng-b"), rule("eng-c")],
        vocabulary={
            "variants": {
                "safety": {
                    "label": "Signs of Safety",
                    "statement": "Danger statement",
                    "goal": "Safety goal",
                    "columns": {
                        d: d.title()
                        for d in (
                            "harm",
                            "danger",
                            "complicating_factors",
                            "existing_strengths",
                            "existing_safety",
                            "goals",
                            "next_steps",
                        )
                    },
                }
            },
            "service_variants": {"assessment": "safety"},
        },
    )
    write(
        tmp_path,
        "council",
        extends="england",
        removed=["eng-c"],
        rules=[rule("eng-b", title="The council's stricter version"), rule("council-d")],
        vocabulary={"service_variants": {"child_protection": "safety"}},
    )
    pack = load_pack("council", directory=tmp_path)
    assert [r.id for r in pack.rules] == ["eng-a", "eng-b", "council-d"]
    assert pack.rules[1].title == "The council's stricter version"
    assert pack.vocabulary.service_variants == {"assessment": "safety", "child_protection": "safety"}
    assert "safety" in pack.vocabulary.variants


def test_removing_a_rule_the_parent_does_not_have_is_refused(tmp_path):
    write(tmp_path, "england", rules=[rule("eng-a")])
    write(tmp_path, "council", extends="england", removed=["eng-z"], rules=[rule("council-a")])
    [message] = problems(tmp_path, "council")
    assert "council.yaml:" in message and "removed[0]: 'eng-z' is not a rule of england" in message


def test_extending_a_missing_pack_or_in_a_loop_is_refused(tmp_path):
    write(tmp_path, "council", extends="englnd", rules=[rule()])
    assert any("extends: no pack named 'englnd'" in p for p in problems(tmp_path, "council"))
    write(tmp_path, "a", extends="b", rules=[rule()])
    write(tmp_path, "b", extends="a", rules=[rule()])
    assert any("packs extend each other in a loop: a -> b -> a" in p for p in problems(tmp_path, "a"))


def test_a_variant_must_be_named_before_a_service_uses_it(tmp_path):
    write(tmp_path, "england", rules=[rule()])
    write(
        tmp_path,
        "council",
        extends="england",
        rules=[rule("c")],
        vocabulary={"service_variants": {"child_in_need": "stability"}},
    )
    assert any(
        "service_variants.child_in_need: no variant 'stability'" in p for p in problems(tmp_path, "council")
    )


def test_a_changed_file_is_read_again(tmp_path):
    path = write(tmp_path, "england", rules=[rule("eng-a")])
    assert [r.id for r in load_pack("england", directory=tmp_path).rules] == ["eng-a"]
    write(tmp_path, "england", rules=[rule("eng-a"), rule("eng-b")])
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert [r.id for r in load_pack("england", directory=tmp_path).rules] == ["eng-a", "eng-b"]


def test_the_hash_follows_content_not_layout(tmp_path):
    write(tmp_path, "one", rules=[rule("a")])
    (tmp_path / "two.yaml").write_text(
        "# same rules, other layout\n" + (tmp_path / "one.yaml").read_text().replace("pack: one", "pack: two")
    )
    one, two = load_pack("one", directory=tmp_path), load_pack("two", directory=tmp_path)
    assert content_sha256(one) != content_sha256(two)  # the name is part of the content
    assert content_sha256(one.model_copy(update={"pack": "two"})) == content_sha256(two)


def test_available_packs_lists_the_folder(tmp_path):
    write(tmp_path, "zeta", rules=[rule()])
    write(tmp_path, "alpha", rules=[rule()])
    assert available_packs(tmp_path) == ["alpha", "zeta"]


@pytest.mark.django_db
def test_a_new_pack_version_is_recorded_when_the_content_changes(tmp_path, settings):
    settings.PACKS_DIR = tmp_path
    path = write(tmp_path, "england", rules=[rule("eng-a")])
    first = current_pack_version(name="england")
    assert current_pack_version(name="england").pk == first.pk
    write(tmp_path, "england", rules=[rule("eng-a", title="Reworded for a test")])
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = current_pack_version(name="england")
    assert second.pk != first.pk and second.version == "2026.1"
    assert second.content["rules"][0]["title"] == "Reworded for a test"


def test_an_inherited_rule_can_also_apply_in_more_service_areas_without_a_copy(tmp_path):
    write(tmp_path, "parent", rules=[rule("shared", services=["assessment"]), rule("other")])
    write(tmp_path, "child", extends="parent", inherited_also_in={"disabilities": ["shared"]})
    rules = {r.id: r for r in load_pack("child", directory=tmp_path).rules}
    assert rules["shared"].services == ["assessment", "disabilities"]
    assert rules["other"].services == ["assessment"]
    assert load_pack("parent", directory=tmp_path).rules[0].services == ["assessment"]


def test_inherited_also_in_names_rules_and_services_that_exist(tmp_path):
    write(tmp_path, "parent", rules=[rule("shared")])
    write(
        tmp_path, "child", extends="parent", inherited_also_in={"disabilities": ["sharde"], "socal_care": []}
    )
    found = problems(tmp_path, "child")
    assert any("inherited_also_in.disabilities[0]: 'sharde' is not a rule of parent" in p for p in found)
    assert any("'socal_care' is not a service area" in p for p in found)


def test_an_any_of_option_names_its_place_and_a_bare_deadline_is_refused(tmp_path):
    options = [{"event": "home_visit", "where": {"seen": True}}, {"event": "home_visit"}]
    write(
        tmp_path,
        "bad",
        rules=[
            rule("bad-option", requires=[{"any_of": options}]),
            rule("bare-deadline", requires=[{"event": "home_visit", "deadline": {"unit": "same_day"}}]),
            rule("one-option", requires=[{"any_of": [{"event": "home_visit"}]}]),
        ],
    )
    found = problems(tmp_path, "bad")
    assert any(
        "rule bad-option: requires[0].any_of[0]: event 'home_visit' has no attribute 'seen'" in p
        for p in found
    )
    assert any(
        "rule bare-deadline: (the whole entry): a requirement's own deadline belongs inside any_of" in p
        for p in found
    )
    assert any("rule one-option: requires[0].any_of: List should have at least 2 items" in p for p in found)
