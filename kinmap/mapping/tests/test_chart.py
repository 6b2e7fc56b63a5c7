"""The scaling chart is one accessible picture that does not rely on colour, with the table's numbers."""

import re
import xml.etree.ElementTree as ET
from datetime import date

from kinmap.mapping.chart import scaling_chart
from kinmap.mapping.selectors import ScalingSeries, ScalingTable

SVG = "{http://www.w3.org/2000/svg}"
TABLE = ScalingTable(
    dates=[date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)],
    series=[
        ScalingSeries(
            key="person:1",
            name="Amy",
            role="Parent or carer",
            points=[(date(2026, 1, 5), 3), (date(2026, 2, 2), 5), (date(2026, 3, 2), 6)],
        ),
        ScalingSeries(
            key="staff:2",
            name="Asha",
            role="Social worker or practitioner",
            points=[(date(2026, 1, 5), 2), (date(2026, 3, 2), 4)],
        ),
        ScalingSeries(
            key="name:nan", name="Nan", role="Family or network member", points=[(date(2026, 3, 2), 7)]
        ),
    ],
)


def test_the_chart_is_one_named_and_described_image_without_script():
    chart = scaling_chart(table=TABLE, title="How safe is Sam at home?", chart_id="chart-7")
    svg = ET.fromstring(str(chart.svg))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "chart-7-title"
    assert svg.find(f"{SVG}title").text == "How safe is Sam at home?"
    description = svg.find(f"{SVG}desc").text
    assert (
        "Amy (Parent or carer): 3 on 5 January 2026, 5 on 2 February 2026, 6 on 2 March 2026." in description
    )
    assert "Asha (Social worker or practitioner): 2 on 5 January 2026, 4 on 2 March 2026." in description
    assert "<script" not in str(chart.svg) and "http://" not in str(chart.svg).replace(
        "http://www.w3.org", ""
    )


def test_each_person_has_their_own_marker_and_dash_as_well_as_colour():
    chart = scaling_chart(table=TABLE, title="t", chart_id="c")
    assert len({(i.marker, i.dash, i.colour) for i in chart.legend}) == 3
    assert len({i.marker for i in chart.legend}) == 3 and len({i.dash for i in chart.legend}) == 3
    svg = str(chart.svg)
    # One marker per score: 3 + 2 + 1, and pygal's round dots replaced by the shapes.
    assert svg.count("<polygon") + len(re.findall(r"<circle[^>]*r=\"7.0\"", svg)) == 6
    assert 'class="dot' not in svg
    assert "stroke-dasharray:10,5" in svg and "stroke-dasharray:3,4" in svg
