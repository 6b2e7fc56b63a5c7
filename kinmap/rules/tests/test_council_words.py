"""Events named in the council's words everywhere (decision 0106)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.loader import get_template

from kinmap.councils.models import Council
from kinmap.journey.vocabulary import vocabulary
from kinmap.rules.labels import council_event_label, council_event_labels
from kinmap.rules.packs import load_pack

TEMPLATES = sorted(
    path.relative_to(folder).as_posix()
    for folder in Path(settings.REPO_DIR, "kinmap").glob("**/templates")
    for path in folder.glob("**/*.html")
)


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_compiles_so_none_names_an_event_without_its_council(name):
    # The event_label filter needs the council: `{{ event.type|event_label }}` does not compile.
    try:
        get_template(name)
    except TemplateSyntaxError as error:
        pytest.fail(f"{name}: {error}")


def test_a_councils_meeting_names_come_before_its_meeting_types_and_the_vocabulary():
    knowsley = Council(pack_name="knowsley")
    pack = load_pack("knowsley")
    named = pack.vocabulary.meeting_names
    assert (
        council_event_label(council=knowsley, type="family_network_meeting")
        == named["family_network_meeting"]
    )
    described = next(m for m in pack.meeting_types if m.id not in named)
    assert council_event_label(council=knowsley, type=described.id) == described.name
    assert (
        council_event_label(council=knowsley, type="home_visit")
        == vocabulary().event_types["home_visit"].label
    )


def test_a_council_whose_pack_cannot_be_loaded_keeps_the_vocabularys_words():
    lost = Council(pack_name="no-such-pack")
    words = vocabulary().event_types["family_network_meeting"].label
    assert council_event_labels(council=lost)["family_network_meeting"] == words
