"""The dashboard's tables as CSV and XLSX files: one table, one header row, a row per rule or person.

Every row carries the period, the team and the pack version(s) that judged the results, so a file
says what it counts wherever it is copied, and files from several periods can be stacked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from kinmap.rules.models import PackVersion
from kinmap.rules.selectors import ComplianceRow
from kinmap.worklists.selectors import EvidenceRow, GroupBy

STANDINGS = {
    "bottom_line": "Bottom line",
    "practice_expectation": "Practice expectation",
    "statutory": "Statutory",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | date | None


def versions_label(versions: Sequence[PackVersion]) -> str:
    return "; ".join(f"{v.name} {v.version} ({v.sha256[:12]})" for v in versions)


def table(
    *,
    rows: list[ComplianceRow],
    group_by: GroupBy,
    start: date,
    end: date,
    team: str,
    versions: Sequence[PackVersion],
) -> list[list[Cell]]:
    """The header and the rows, as values (dates as dates, numbers as numbers)."""
    first: list[str] = ["Rule id", "Rule", "Standing"] if group_by == "rule" else ["Practitioner"]
    header = [
        *first,
        "Met",
        "Met late",
        "Overdue",
        "Total",
        "On time (%)",
        "Unknown",
        "From",
        "To",
        "Team",
        "Pack version",
    ]
    pack = versions_label(versions)
    body: list[list[Cell]] = []
    for r in rows:
        lead: list[Cell] = (
            [r.key, r.label, STANDINGS.get(r.standing or "", r.standing)] if group_by == "rule" else [r.label]
        )
        rate = round(r.rate * 100, 1) if r.rate is not None else None
        body.append([*lead, r.met, r.met_late, r.overdue, r.total, rate, r.unknown, start, end, team, pack])
    return [list(header), *body]


def evidence_table(
    *, rows: list[EvidenceRow], start: date, end: date, team: str, versions: Sequence[PackVersion]
) -> list[list[Cell]]:
    """The dashboard's evidence table: for each rule and type of evidence standing for something
    made, the results met in the record apart from those met by an event recorded by hand. The
    evidence is named in the council's words."""
    header = [
        "Rule id",
        "Rule",
        "Evidence",
        "Made in Kinmap",
        "In the record",
        "Recorded by hand",
        "From",
        "To",
        "Team",
        "Pack version",
    ]
    pack = versions_label(versions)
    body: list[list[Cell]] = [
        [
            r.rule_id,
            r.title,
            r.event,
            "Yes" if r.made_in_kinmap else "Not yet",
            r.in_record,
            r.by_hand,
            start,
            end,
            team,
            pack,
        ]
        for r in rows
    ]
    return [header, *body]


def _safe(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula is kept as text (a name typed as "=HYPERLINK(...)")."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def as_csv(rows: list[list[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else _safe(v) for v in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the byte order mark makes Excel read UTF-8


def as_xlsx(rows: list[list[Cell]], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        letter = column[0].column_letter
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        sheet.column_dimensions[letter].width = min(max(width, 8) + 2, 60)
        for c in column[1:]:
            if isinstance(c.value, date):
                c.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
