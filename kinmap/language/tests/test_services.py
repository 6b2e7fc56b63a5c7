import pytest

from kinmap.core.testing import make_council
from kinmap.language.models import JargonTerm
from kinmap.language.services import check_plain_language

PLAIN = [
    "We are worried that when Dad drinks he shouts and Sam hides in his room",
    "Mum will ring Nan when she feels angry, and Nan will come round to be with the children.",
    "Sam says school is going well and he likes his new teacher.",
    "Bring a coat in case it rains.",
]
NOT_PLAIN = [
    ("the LA will convene an ICPC", {"LA", "convene", "ICPC"}),
    ("Sam's case will be discussed at the CIN review.", {"case", "CIN"}),
    ("Please quote the ICS number when you call.", {"ICS number", "ICS"}),
    ("Mum has shown disguised compliance with the plan.", {"disguised compliance"}),
    ("The SW will complete the C&F assessment with the HV.", {"SW", "HV"}),
    ("My caseload is full.", {"caseload"}),
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_pass(text):
    report = check_plain_language(text=text)
    assert report.is_plain, [f.message for f in report.findings]


@pytest.mark.parametrize(("text", "expected"), NOT_PLAIN)
def test_jargon_acronyms_and_cases_are_flagged(text, expected):
    flagged = {f.text for f in check_plain_language(text=text).findings}
    assert expected <= flagged, flagged


def test_every_finding_says_what_to_do_instead_for_jargon():
    report = check_plain_language(text="the LA will convene an ICPC")
    assert all(f.suggestion for f in report.findings if f.kind == "jargon")
    assert "the council" in {f.suggestion for f in report.findings}


def test_long_hard_sentences_get_a_reading_ease_warning():
    text = (
        "The local authority will convene an initial child protection conference in accordance with "
        "statutory guidance to consider the multiplicity of presenting safeguarding concerns identified."
    )
    report = check_plain_language(text=text)
    assert report.reading_ease is not None and report.reading_ease < 60
    assert "reading_ease" in {f.kind for f in report.findings}


@pytest.mark.django_db
def test_a_council_can_add_its_own_words():
    council = make_council()
    JargonTerm.objects.create(council=council, term="FGC", suggestion="family group conference")
    JargonTerm.objects.create(council=council, term="wraparound", suggestion="extra help around you")
    report = check_plain_language(text="We will hold an FGC and offer wraparound support.", council=council)
    assert {"FGC", "wraparound"} <= {f.text for f in report.findings}
    other = check_plain_language(text="We will offer wraparound support.")
    assert other.is_plain


@pytest.mark.django_db
def test_the_check_shows_under_the_field_as_you_type(client):
    from kinmap.core.testing import PASSWORD, make_staff

    staff = make_staff()
    client.login(username=staff.user.username, password=PASSWORD)
    response = client.post("/language/check/?field=statement", {"statement": "the LA will convene an ICPC"})
    assert response.status_code == 200
    assert "Try: the council" in response.content.decode()
    response = client.post("/language/check/?field=statement", {"statement": PLAIN[0]})
    assert "no problems found" in response.content.decode()
