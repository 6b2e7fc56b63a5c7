"""The one-page view: the three columns as the family sees them, on screen and as a PDF."""

import re
import subprocess
import zlib
from datetime import date

import pytest
from django.utils import timezone

from kinmap.core.testing import make_child
from kinmap.mapping import services
from kinmap.mapping.one_page import one_page_document

pytestmark = pytest.mark.django_db
ON = date(2026, 2, 2)


@pytest.fixture
def plan(worker, child):
    mapping = services.mapping_start(by=worker.user, child=child, mapped_on=ON, mapped_with="family")
    services.mapping_entry_add(
        by=worker.user,
        mapping=mapping,
        domain="existing_strengths",
        data=services.EntryInput(text="Nan walks Sam to school", source="network", kind="fact"),
    )
    statement = services.statement_pair_create(
        by=worker.user,
        child=child,
        who_is_worried="School and Nan",
        worry="Dad pushes Mum when he drinks",
        impact="Sam could be hurt",
        goal="Nan collects Sam when Dad drinks",
    )
    services.bottom_line_add(
        by=worker.user,
        statement=statement,
        polarity="must_not",
        text="Dad must not look after Sam when he has been drinking",
    )
    question = services.scaling_question_create(
        by=worker.user,
        child=child,
        statement=statement,
        question="How safe is Sam at home?",
        zero_means="Sam will be hurt",
        ten_means="Sam is safe",
    )
    services.scaling_round_record(
        by=worker.user,
        question=question,
        scored_on=ON,
        scores=[
            services.ScoreInput(score=6, role="parent", name="Amy"),
            services.ScoreInput(score=3, role="practitioner", staff=worker),
        ],
    )
    services.next_step_add(
        by=worker.user,
        child=child,
        what="Nan and Dad agree a plan for Fridays",
        owner_name="Nan",
        due_on=date(2026, 2, 20),
    )
    return statement


def test_the_one_page_view_has_the_three_columns_with_statements_goals_scores_and_next_steps(
    signed_in, child, plan
):
    html = signed_in.get(f"/children/{child.pk}/one-page/").content.decode()
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings[:3] == ["What are we worried about?", "What's working well?", "What needs to happen?"]
    for text in (
        "Dad pushes Mum when he drinks",
        "Nan collects Sam when Dad drinks",
        "Nan walks Sam to school",
        "Bottom line, must not:",
        "Amy <strong>6</strong>",
        "Nan and Dad agree a plan for Fridays",
    ):
        assert text in html, text
    assert f'href="/children/{child.pk}/one-page.pdf"' in html


def test_the_one_page_pdf_is_a_printable_document(signed_in, child, plan):
    response = signed_in.get(f"/children/{child.pk}/one-page.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="sam-fielding-one-page-' in response["Content-Disposition"]


def test_the_pdf_is_tagged_for_screen_readers_with_its_language_and_title(signed_in, child, plan, tmp_path):
    """PDF/UA: pdfinfo (Debian's poppler-utils, `make system`) reports the file tagged, with the child's
    title shown by readers; the catalogue names the language, en-GB, that a screen reader speaks."""
    pdf = tmp_path / "one-page.pdf"
    pdf.write_bytes(signed_in.get(f"/children/{child.pk}/one-page.pdf").content)
    info = dict(
        line.split(":", 1)
        for line in subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    )
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Sam Fielding: the plan on a page"
    structure = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True)
    assert "H1" in structure.stdout and "LI" in structure.stdout  # headings and lists, read in order
    catalogue = b"".join(
        zlib.decompress(stream)
        for stream in re.findall(rb"/ObjStm.*?stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S)
    )
    assert b"/Lang (en-GB)" in catalogue and b"/DisplayDocTitle true" in catalogue


@pytest.mark.parametrize(
    "first, last, ascii_name, utf8_name",
    [
        ("Siôn Łukasz", "O'Brien", "sion-lukasz-obrien", "si%C3%B4n-%C5%82ukasz-obrien"),
        ("Zoë", "Nguyễn", "zoe-nguyen", "zo%C3%AB-nguy%E1%BB%85n"),
    ],
)
def test_the_pdf_keeps_a_name_with_accents_as_its_file_name(
    signed_in, worker, first, last, ascii_name, utf8_name
):
    """RFC 6266/5987: browsers save the file under the name as spelt; old clients get its ASCII spelling."""
    child = make_child(practitioner=worker, first_name=first, last_name=last, service_area="child_protection")
    disposition = signed_in.get(f"/children/{child.pk}/one-page.pdf")["Content-Disposition"]
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert disposition == (
        f'inline; filename="{ascii_name}-one-page-{today}.pdf"; '
        f"filename*=UTF-8''{utf8_name}-one-page-{today}.pdf"
    )


def test_the_pdf_fits_the_plan_on_one_page_and_is_titled_for_the_child(rf, worker, child, plan):
    request = rf.get("/")
    request.user = worker.user
    document = one_page_document(child=child, request=request)
    assert len(document.pages) == 1
    assert document.metadata.title == "Sam Fielding: the plan on a page"
