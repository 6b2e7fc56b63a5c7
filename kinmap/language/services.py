"""The plain-language check for anything written for a family or child. It warns; it never blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import textstat
import yaml

JARGON_FILE = Path(__file__).with_name("jargon.yaml")
# Flesch reading ease below this is hard going for many adults (60-70 is "plain English").
READING_EASE_TARGET = 60
LONG_SENTENCE_WORDS = 25
# Capitalised short words that are not acronyms a family would stumble on.
NOT_ACRONYMS = {"I", "OK", "TV", "A", "UK", "GP", "PE", "DVD"}
# "case" used as a word about people; the idioms "in case", "in any case"... are fine.
CASE_ABOUT_PEOPLE = re.compile(r"\b(?<!in )(?<!any )(?<!that )(?<!this )case(s|load|work)?\b", re.I)
RECORD_NUMBER = re.compile(r"\b(ICS|case|LCS|Mosaic)\s+(number|no\.?|ref(erence)?)\b", re.I)
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}s?\b")

Kind = Literal["jargon", "acronym", "people_not_cases", "long_sentence", "reading_ease"]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    text: str
    message: str
    suggestion: str = ""


@dataclass
class PlainLanguageReport:
    text: str
    reading_ease: float | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_plain(self) -> bool:
        return not self.findings


@cache
def _base_jargon() -> dict[str, str]:
    return {str(k): str(v) for k, v in yaml.safe_load(JARGON_FILE.read_text()).items()}


def jargon_for(*, council=None) -> dict[str, str]:
    terms = dict(_base_jargon())
    if council is not None:
        terms.update(council.jargon_terms.values_list("term", "suggestion"))
    return terms


def check_plain_language(*, text: str, council=None) -> PlainLanguageReport:
    """What a family might stumble on in `text`, each with a suggestion."""
    text = text.strip()
    report = PlainLanguageReport(text=text, reading_ease=None)
    if not text:
        return report
    jargon = jargon_for(council=council)
    found_terms: set[str] = set()
    for term, suggestion in jargon.items():
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, flags=0 if term.isupper() else re.I):
            found_terms.add(term.upper())
            report.findings.append(
                Finding("jargon", term, f"“{term}” may not be clear to a family.", suggestion)
            )
    for match in RECORD_NUMBER.finditer(text):
        report.findings.append(Finding(
            "people_not_cases", match.group(0), "People are people, not record numbers.",
            "Use the person's name.",
        ))
    for match in CASE_ABOUT_PEOPLE.finditer(text):
        report.findings.append(Finding(
            "people_not_cases", match.group(0), "People are people, not cases.",
            "Name the child or say “family”.",
        ))
    for match in ACRONYM.finditer(text):
        word = match.group(0).rstrip("s")
        if word not in NOT_ACRONYMS and word not in found_terms:
            found_terms.add(word)
            report.findings.append(Finding(
                "acronym", word, f"“{word}” is an acronym: say it in full words.", "",
            ))
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(sentence.split()) > LONG_SENTENCE_WORDS:
            report.findings.append(Finding(
                "long_sentence", sentence[:60] + "…",
                f"This sentence has {len(sentence.split())} words.", "Split it into shorter sentences.",
            ))
    # Reading ease means little for a phrase of a few words.
    if len(text.split()) >= 8:
        report.reading_ease = round(textstat.flesch_reading_ease(text), 1)
        if report.reading_ease < READING_EASE_TARGET:
            report.findings.append(Finding(
                "reading_ease", "",
                f"Reading ease is {report.reading_ease:.0f} (aim for {READING_EASE_TARGET} or more).",
                "Use shorter words and sentences.",
            ))
    return report
