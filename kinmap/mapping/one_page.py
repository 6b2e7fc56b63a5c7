"""The one-page view of a child: the three columns as the family would see them at a meeting.

The page and its PDF are the same template body; the PDF is drawn by WeasyPrint from a print
stylesheet read from disk, so it needs no web request and no font beyond the system's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anyascii import anyascii
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from kinmap.mapping import selectors
from kinmap.mapping.labels import child_labels
from kinmap.mapping.models import DangerStatement, ScalingQuestion, ScalingScore
from kinmap.people.models import Child

PRINT_CSS = "mapping/one_page_print.css"


@dataclass(frozen=True)
class ScaledQuestion:
    question: ScalingQuestion
    latest: list[ScalingScore]


@dataclass(frozen=True)
class Pair:
    statement: DangerStatement
    questions: list[ScaledQuestion]


def one_page_context(*, child: Child) -> dict:
    labels = child_labels(child=child)
    mapping = selectors.latest_mapping(child=child)
    entries = selectors.mapping_entries(mapping=mapping) if mapping else {}
    pairs = [
        Pair(
            statement=s,
            questions=[
                ScaledQuestion(question=q, latest=selectors.latest_scores(question=q))
                for q in s.scaling_questions.all()
            ],
        )
        for s in selectors.child_statements(child=child)
    ]
    return {
        "child": child,
        "labels": labels,
        "mapping": mapping,
        "today": timezone.localdate(),
        "worried": [
            (labels.column(d), entries.get(d, [])) for d in ("harm", "danger", "complicating_factors")
        ],
        "working": [
            (labels.column(d), entries.get(d, [])) for d in ("existing_strengths", "existing_safety")
        ],
        "harm_statements": list(selectors.child_harm_statements(child=child)),
        "pairs": pairs,
        "general_questions": [
            ScaledQuestion(question=q, latest=selectors.latest_scores(question=q))
            for q in selectors.child_scaling_questions(child=child).filter(statement__isnull=True)
        ],
        "next_steps": list(selectors.child_next_steps(child=child).filter(done_on__isnull=True)),
    }


def one_page_document(*, child: Child, request: HttpRequest):
    """The one-page view laid out by WeasyPrint (a weasyprint.Document: its pages, then `.write_pdf()`)."""
    from weasyprint import CSS, HTML  # imported here: loading Pango costs time every other page does not need

    html = render_to_string("mapping/one_page_document.html", one_page_context(child=child), request=request)
    return HTML(string=html).render(stylesheets=[CSS(filename=finders.find(PRINT_CSS))])


def one_page_pdf(*, child: Child, request: HttpRequest) -> bytes:
    """The PDF, tagged to PDF/UA-1 (decision 0522): a screen reader reads its headings, lists and reading
    order, in the language and under the title of the document's <html lang> and <title>."""
    return one_page_document(child=child, request=request).write_pdf(pdf_variant="pdf/ua-1")


def one_page_file_name(*, child: Child, on: date) -> tuple[str, str]:
    """The download's name as the child's name is spelt, and its ASCII spelling for the header's plain
    `filename` (old clients): "Siôn Łukasz O'Brien" gives siôn-łukasz-obrien-… and sion-lukasz-obrien-…."""
    words = f"{child.person.first_name} {child.person.last_name} one page {on:%Y-%m-%d}"
    return f"{slugify(words, allow_unicode=True)}.pdf", f"{slugify(anyascii(words))}.pdf"
