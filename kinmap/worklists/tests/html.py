"""Reading pages as a person does: the tables by caption, each cell's visible text."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._hidden = 0  # depth inside a visually hidden span within a cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            self._rows, self._caption = [], []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif (
            tag == "span" and self._cell is not None and (self._hidden or "govuk-visually-hidden" in classes)
        ):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            caption = re.sub(r"\s+", " ", "".join(self._caption or [])).strip()
            self.tables[caption] = [row for row in self._rows if row]
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            if not self._hidden:
                self._cell.append(data)
        elif self._caption is not None and self._rows is not None:
            self._caption.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """Caption -> rows of cell texts (header row first), leaving out text only screen readers hear."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def row_for(table: list[list[str]], first_cell: str) -> list[str]:
    return next(row for row in table if row and row[0] == first_cell)
