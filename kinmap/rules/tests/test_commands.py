"""The command line an analyst uses (`kinmap rules`, `check --history`, `packs`) and the docs it reads."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kinmap.rules.interchange import schemas
from kinmap.rules.tests.builders import rule
from kinmap.rules.vocabulary_doc import as_markdown

REPO = Path(__file__).resolve().parents[3]
DOC = (REPO / "docs" / "interchange.md").read_text(encoding="utf-8")


def doc_block(language: str, after: str) -> str:
    """The first ```language block in docs/interchange.md after the line containing `after`."""
    start = DOC.index(after)
    found = re.search(rf"```{language}\n(.*?)```", DOC[start:], re.S)
    assert found, f"no {language} block after {after!r} in docs/interchange.md"
    return found.group(1)


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def history(tmp_path, monkeypatch):
    """Write a history file as `history.json` in the working folder, as an analyst would name it."""
    monkeypatch.chdir(tmp_path)

    def write(data) -> str:
        text = data if isinstance(data, str) else json.dumps(data)
        (tmp_path / "history.json").write_text(text)
        return "history.json"

    return write


EXAMPLE = json.loads(doc_block("json", "Example (synthetic)"))


def test_the_documented_example_prints_the_documented_table(history):
    code, out, err = run("check", "--pack", "england", "--history", history(EXAMPLE), "--as-of", "2026-05-11")
    assert (code, err) == (0, "")
    assert out == doc_block("text", "--as-of 2026-05-11` prints")


def test_check_json_gives_each_result_with_due_date_evidence_and_quote(history):
    code, out, _ = run(
        "check",
        "--pack",
        "england",
        "--history",
        history(EXAMPLE),
        "--as-of",
        "2026-05-11",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0
    assert (data["child"], data["pack"], data["as_of"]) == (
        {"id": "C-0001", "birth_date": "2019-04-12"},
        "england",
        "2026-05-11",
    )
    icpc = next(r for r in data["results"] if r["rule"] == "eng-icpc-15-working-days")
    documented = json.loads(doc_block("json", "## What `kinmap check --format json` prints"))["results"][0]
    assert {k: icpc[k] for k in documented if k != "quote"} == {
        k: v for k, v in documented.items() if k != "quote"
    }
    assert icpc["quote"].startswith("The initial child protection conference should take place")
    assert set(icpc) >= {"rule", "status", "due", "met_on", "evidence", "quote"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda h: h["events"][3].update(date="12/03/2026"),
            "history.json: events[3].date: must be a date written YYYY-MM-DD, e.g. 2026-03-31 "
            '(got "12/03/2026")',
        ),
        (
            lambda h: h["events"][3].update(type="home_vist"),
            "history.json: events[3].type: 'home_vist' is not an event type (see docs/vocabulary.md)",
        ),
        (
            lambda h: h["events"][6].update(refers_to="e99"),
            'history.json: events[6].refers_to: no event in this file has the id "e99"',
        ),
        (
            lambda h: h["events"][1].update(id="e1"),
            'history.json: events[1].id: "e1" is also the id of events[0]',
        ),
        (
            lambda h: h["involvements"][0].update(service="social_care"),
            "history.json: involvements[0].service: 'social_care' is not a service area",
        ),
        (
            lambda h: h["involvements"][2].update(end="2026-01-01"),
            "history.json: involvements[2].end: 2026-01-01 is before the start, 2026-02-03",
        ),
        (
            lambda h: h["events"][0].update(attributes={"source": "School", "urgent": True}),
            "history.json: events[0].attributes: 'urgent' is not an attribute of referral_received",
        ),
        (
            lambda h: h["events"][2]["attributes"].update(outcome="s47"),
            "history.json: events[2].attributes: 'outcome' must be one of: section_47, child_in_need",
        ),
        (
            lambda h: h["events"][0].update(when="2026-01-05"),
            "history.json: events[0].when: is not a field of the history file (see docs/interchange.md)",
        ),
        (lambda h: h["child"].pop("id"), "history.json: child.id: is required"),
        (
            lambda h: h["events"].append({"id": "g", "type": "involvement_started", "date": "2026-01-05"}),
            "history.json: events[10].type: 'involvement_started' is made from the involvements; "
            "give the involvement",
        ),
    ],
)
def test_a_bad_history_names_the_file_and_place_and_nothing_runs(history, change, message):
    data = json.loads(json.dumps(EXAMPLE))
    change(data)
    code, out, err = run("check", "--history", history(data), "--as-of", "2026-05-11", "--format", "json")
    assert code == 2
    assert out == ""
    assert message in err


def test_a_file_that_is_not_json_is_refused_with_its_line(history):
    code, out, err = run("check", "--history", history('{"child": {"id": 1},\n  "events": [,]}'))
    assert (code, out) == (2, "")
    assert err.startswith("history.json: line 2 column 14: not valid JSON: Expecting value")


def test_a_missing_file_and_a_bad_date_option_are_refused(history):
    assert run("check", "--history", "nowhere.json")[2].startswith("nowhere.json: cannot be read")
    history(EXAMPLE)
    code, _, err = run("check", "--history", "history.json", "--as-of", "11/05/2026")
    assert code == 2 and "--as-of: must be a date written YYYY-MM-DD" in err


def test_an_unknown_pack_is_refused(history):
    code, out, err = run("check", "--pack", "kent", "--history", history(EXAMPLE))
    assert (code, out) == (2, "") and "no pack named 'kent'" in err


def test_check_without_a_history_is_the_system_check():
    code, out, _ = run("check")
    assert code == 0 and "System check identified no issues" in out
    assert run("check", "--pack", "england")[0] == 2


def test_rules_json_lists_every_rule_with_its_quote_source_and_deadline():
    code, out, _ = run("rules", "--pack", "england", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["pack"] == "england" and len(data["rules"]) >= 10
    for item in data["rules"]:
        assert item["id"] and item["title"] and item["quote"] == item["source"]["quote"]
        assert item["source"]["file"] and item["deadline"]["unit"] and item["deadline_text"]
    review = next(r for r in data["rules"] if r["id"] == "eng-looked-after-review-20-working-days")
    assert review["deadline"] == {
        "amount": 20,
        "unit": "working_days",
        "direction": "after",
        "days_note": None,
    }
    assert review["deadline_text"] == "within 20 working days after: Became looked after"


def test_rules_json_and_text_carry_each_rules_ages():
    data = json.loads(run("rules", "--pack", "redcar-cleveland", "--format", "json")[1])
    ages = {r["id"]: r["ages"] for r in data["rules"]}
    assert ages["rc-vis-care-leavers"] == {"from_years": 18.0, "to_years": 19.84}
    assert ages["rc-vis-care-leavers-from-20"] is None
    text = run("rules", "--pack", "redcar-cleveland")[1].splitlines()
    row = next(line for line in text if line.startswith("rc-vis-care-leavers "))
    assert "18 years to 19 years 10 months" in row
    lines = run("rules", "--pack", "northumberland")[1].splitlines()
    assert any(line.startswith("nld-") and " 13 years 9 months and over " in line for line in lines)


def test_rules_text_is_a_table():
    code, out, _ = run("rules", "--pack", "england")
    assert code == 0 and "eng-visits-6-weekly" in out and "then at least every 6 weeks" in out


def test_packs_validate_passes_on_the_repository_and_names_a_broken_pack(tmp_path, settings):
    code, out, err = run("packs", "validate")
    assert code == 0 and "england: valid" in out, err
    settings.PACKS_DIR = tmp_path
    (tmp_path / "england.yaml").write_text(
        yaml.safe_dump(
            {
                "pack": "england",
                "version": "2026.1",
                "title": "t",
                "rules": [rule(deadline={"amount": 0, "unit": "weeks"})],
            }
        )
    )
    code, out, err = run("packs", "validate")
    assert code == 1
    assert "england.yaml:" in err and "rule test-rule: deadline: give an amount, or use unit: same_day" in err


def test_packs_coverage_counts_a_pack_against_its_catalogue(tmp_path, settings, monkeypatch):
    settings.PACKS_DIR = tmp_path / "packs"
    settings.PACKS_DIR.mkdir()
    (settings.PACKS_DIR / "testshire.yaml").write_text(
        yaml.safe_dump(
            {
                "pack": "testshire",
                "version": "2026.1",
                "title": "t",
                "catalogue_prefix": "tst-",
                "rules": [rule("tst-visit"), rule("tst-split-a", covers=["tst-split"])],
                "not_encoded": [{"id": "tst-kindness", "reason": "Judged by people, not from the record."}],
                "encoded_in_part": [{"id": "tst-split", "left_out": "The second half: no event marks it."}],
            }
        )
    )
    research = tmp_path / "research"
    research.mkdir()
    (research / "catalogue.md").write_text(
        "```yaml\n- id: tst-visit\n- id: tst-split\n- id: tst-kindness\n- id: tst-forgotten\n"
        "- id: other-x\n```\n"
    )
    monkeypatch.setenv("KINMAP_RESEARCH_DIR", str(research))
    code, out, _ = run("packs", "coverage", "--format", "json")
    [counted] = json.loads(out)["packs"]
    assert code == 0
    counts = ("encoded", "encoded_in_part", "not_encoded", "total", "missing")
    assert tuple(counted[k] for k in counts) == (1, 1, 1, 4, ["tst-forgotten"])
    assert counted["left_out"] == {"tst-split": "The second half: no event marks it."}
    text = run("packs", "coverage")[1]
    assert "Encoded  Encoded in part  Not encoded  Missing" in text
    assert "testshire: encoded in part 1, leaving out:\n  tst-split: The second half: no event" in text
    assert re.search(r"testshire\s+1\s+1\s+1\s+1\s+4\s+catalogue tst-\*", text)
    assert "testshire: missing 1: tst-forgotten" in text
    monkeypatch.setenv("KINMAP_RESEARCH_DIR", str(tmp_path / "absent"))
    text = run("packs", "coverage")[1]
    assert "Catalogues not found at" in text and re.search(
        r"testshire\s+1\s+1\s+1\s+0\s+3\s+the pack alone", text
    )
    text = run("packs", "coverage", "--research", str(research))[1]
    assert re.search(r"testshire\s+1\s+1\s+1\s+1\s+4\s+catalogue tst-\*", text)


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "audit"


def test_packs_audit_names_each_quote_not_in_the_handbook_with_pack_rule_and_place(settings):
    settings.PACKS_DIR = FIXTURES / "packs"
    code, out, err = run("packs", "audit", "--handbooks", str(FIXTURES / "seeds"))
    assert code == 2
    assert "testshire: quotes: 1 problem\n" in out
    [problem, summary] = err.splitlines()
    assert problem == (
        "kinmap/rules/tests/fixtures/audit/packs/testshire.yaml:30: pack testshire: rule tst-review: "
        "quote not found word for word in testshire.txt (section 'Child in need', line 5): "
        '"Every child in need plan is reviewed with the family every three months."'
    )
    assert summary == "1 problem"


def test_packs_audit_passes_when_the_quotes_are_the_handbooks_words(tmp_path, settings):
    settings.PACKS_DIR = tmp_path
    text = (FIXTURES / "packs" / "testshire.yaml").read_text()
    fixed = text.replace("with the family every three months.", "with the family ... network.")
    (tmp_path / "testshire.yaml").write_text(fixed)
    code, out, err = run(
        "packs", "audit", "--handbooks", str(FIXTURES / "seeds"), "--research", str(FIXTURES / "research")
    )
    assert (code, err) == (0, "")
    assert out == "testshire: quotes and catalogue: as written\n"


def test_packs_audit_with_the_catalogue_names_rules_not_accounted_for(tmp_path, settings):
    settings.PACKS_DIR = FIXTURES / "packs"
    research = tmp_path / "research"
    research.mkdir()
    catalogue = (FIXTURES / "research" / "catalogue.md").read_text()
    (research / "catalogue.md").write_text(catalogue.replace("- id: tst-kindness", "- id: tst-warmth"))
    code, _, err = run("packs", "audit", "--handbooks", str(FIXTURES / "seeds"), "--research", str(research))
    assert code == 2
    assert "testshire: catalogue rule tst-warmth is not accounted for" in err
    assert "testshire: tst-kindness is named by the pack, not by the catalogue" in err


def test_packs_audit_refuses_a_folder_that_is_not_there_and_a_missing_handbook(tmp_path, settings):
    settings.PACKS_DIR = FIXTURES / "packs"
    code, out, err = run("packs", "audit", "--handbooks", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "") and f"--handbooks: {tmp_path / 'nowhere'} is not a folder" in err
    code, _, err = run("packs", "audit", "--handbooks", str(tmp_path))
    assert code == 2 and f"testshire: its handbook testshire.txt is not in {tmp_path}" in err


EXAMPLE_RULE = {
    "examples": [
        {
            "name": "met: seen on the fifth working day",
            "as_of": "2026-03-02",
            "involvements": [{"service": "assessment", "start": "2026-01-05"}],
            "events": [
                {"id": 1, "type": "referral_received", "date": "2026-01-05"},
                {"id": 2, "type": "home_visit", "date": "2026-01-12", "attributes": {"child_seen": True}},
            ],
            "expect": [{"status": "met", "due": "2026-01-12"}],
        },
        {
            "name": "overdue: not seen",
            "as_of": "2026-03-02",
            "involvements": [{"service": "assessment", "start": "2026-01-05"}],
            "events": [{"id": 1, "type": "referral_received", "date": "2026-01-05"}],
            "expect": [{"status": "overdue", "due": "2026-01-12"}],
        },
    ]
}


def write_pack(folder: Path, *rules: dict) -> None:
    folder.mkdir(exist_ok=True)
    data = {"pack": "testshire", "version": "2026.1", "title": "t", "rules": list(rules)}
    (folder / "testshire.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_packs_test_runs_every_example_through_the_engine(tmp_path, settings):
    settings.PACKS_DIR = tmp_path
    write_pack(tmp_path, rule("tst-visit", standing="statutory", **EXAMPLE_RULE))
    code, out, err = run("packs", "test")
    assert (code, err) == (0, "")
    assert out == "testshire: 2 examples of 1 rule, all as expected\n"


def test_packs_test_prints_each_example_not_as_expected_and_exits_2(tmp_path, settings):
    settings.PACKS_DIR = tmp_path
    wrong = json.loads(json.dumps(EXAMPLE_RULE))
    wrong["examples"][1]["expect"] = [{"status": "due", "due": "2026-01-13"}]
    write_pack(tmp_path, rule("tst-visit", **wrong))
    code, out, err = run("packs", "test", "--pack", "testshire")
    assert code == 2
    assert out == "testshire: 2 examples of 1 rule, 1 not as expected\n"
    written = (tmp_path / "testshire.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(written, start=1) if "name: 'overdue: not seen'" in text)
    assert err.splitlines()[:3] == [
        f"{tmp_path / 'testshire.yaml'}:{line}: testshire: rule tst-visit: example 2 (overdue: not seen):",
        "  expected: period 1: due, due 2026-01-13",
        "  got:      period 1: overdue, due 2026-01-12",
    ]


def test_packs_test_asks_every_statutory_rule_for_a_met_and_an_overdue_example(tmp_path, settings):
    settings.PACKS_DIR = tmp_path
    only_met = {"examples": EXAMPLE_RULE["examples"][:1]}
    write_pack(tmp_path, rule("tst-visit", standing="statutory", **only_met), rule("tst-other"))
    code, _, err = run("packs", "test")
    assert code == 2
    assert (
        "testshire: rule tst-visit: a statutory rule needs an example expecting met and one expecting overdue"
        in err
    )
    assert "tst-other" not in err


def test_a_bad_example_is_refused_with_the_file_line_rule_and_place(tmp_path, settings):
    settings.PACKS_DIR = tmp_path
    bad = json.loads(json.dumps(EXAMPLE_RULE))
    bad["examples"][0]["events"][1]["type"] = "home_vist"
    bad["examples"][1]["expect"] = [{"status": "overdue"}]
    write_pack(tmp_path, rule("tst-visit", **bad))
    code, out, err = run("packs", "test")
    assert (code, out) == (2, "")
    assert "rule tst-visit: examples[0]: events[1].type: 'home_vist' is not an event type" in err
    assert "rule tst-visit: examples[1].expect[0]: an expected overdue result needs its due date" in err
    line = int(err.splitlines()[0].split(":")[1])
    written = (tmp_path / "testshire.yaml").read_text().splitlines()
    assert "name: 'met: seen on the fifth working day'" in written[line - 1]


def test_the_published_json_schemas_are_current():
    for name, schema in schemas().items():
        path = REPO / "docs" / "schemas" / name
        assert path.is_file(), f"{name} is missing: run `kinmap packs schemas`"
        assert json.loads(path.read_text(encoding="utf-8")) == schema, (
            f"{name} is stale: run `kinmap packs schemas`"
        )


def test_the_history_schema_accepts_the_documented_example_shape():
    schema = schemas()["history.schema.json"]
    assert set(schema["required"]) == {"child", "involvements", "events"}
    event = schema["$defs"]["HistoryEvent"]
    assert set(event["required"]) == {"id", "type", "date"} and event["additionalProperties"] is False


def test_docs_vocabulary_is_current():
    assert (REPO / "docs" / "vocabulary.md").read_text(encoding="utf-8") == as_markdown(), (
        "docs/vocabulary.md is stale: run `kinmap vocabulary --format md > docs/vocabulary.md`"
    )


def test_the_vocabulary_command_prints_markdown_and_json():
    assert run("vocabulary")[1] == as_markdown()
    data = json.loads(run("vocabulary", "--format", "json")[1])
    assert (
        "child_protection" in data["services"]
        and data["event_types"]["home_visit"]["attributes"]["child_seen"]
    )


UNKNOWN_EXAMPLE = json.loads(doc_block("json", "When the record lacks a fact"))


def test_a_conference_without_its_outcome_prints_unknown_and_what_to_record(history):
    code, out, err = run(
        "check", "--pack", "england", "--history", history(UNKNOWN_EXAMPLE), "--as-of", "2026-09-01"
    )
    assert (code, err) == (0, "")
    assert out == doc_block("text", "--as-of 2026-09-01` prints")
    assert "not applicable (nothing has started the clock)" not in next(
        line for line in out.splitlines() if line.startswith("eng-first-core-group")
    )


def test_check_json_names_the_missing_fact(history):
    code, out, _ = run(
        "check", "--pack", "england", "--history", history(UNKNOWN_EXAMPLE), "--as-of", "2026-09-01",
        "--format", "json",
    )
    results = {r["rule"]: r for r in json.loads(out)["results"]}
    core_group = results["eng-first-core-group-10-working-days"]
    assert (code, core_group["status"], core_group["due"]) == (0, "unknown", "2026-05-05")
    assert core_group["missing"] == {
        "event": "e1",
        "event_type": "initial_child_protection_conference",
        "attribute": "outcome",
        "on": "2026-04-20",
        "text": "Record the outcome of the initial child protection conference on 20 April 2026",
    }
    assert results["eng-referral-decision-1-working-day"]["missing"] is None
