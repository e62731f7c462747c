"""Measure charts: the SVG drawing (planctl.render.chart) and a measure's figures placed on it
(planctl.render.measure_chart), read back with an XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planctl.render.chart import NARROW, nice_ticks, number_text
from planctl.render.details import DIRECTION_WORDS
from planctl.render.html import measure_chart
from planctl.render.measure_chart import chart_data, chart_of
from planctl.render.view import plan_view
from planctl.validate import check_file
from planctl.vocabulary.dates import PlanDates

SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parents[2]


def parse(text: str | None) -> ET.Element:
    assert text is not None
    return ET.fromstring(text)


def figure(kind: str, value: str, when: str = "", note: str = "") -> dict[str, str]:
    said = (f"by {when}" if kind == "Target" else f"({when})") if when else ""
    return {"kind": kind, "value": value, "date": when, "when": said, "note": note}


def data(
    *figures: dict[str, str],
    unit: str | None = "%",
    direction: str | None = "increase",
    as_of: date | None = date(2025, 6, 30),
    standing: str = "",
) -> dict[str, Any]:
    view = {"head": "Students who feel safe", "figures": list(figures), "standing": standing}
    return chart_data(
        view,
        unit=unit,
        direction=direction,
        better_words=DIRECTION_WORDS,
        dates=PlanDates(),
        as_of=as_of,
    )


YEARLY = (
    figure("Baseline", "38%", "2024-05"),
    figure("Target", "55%", "2025-06"),
    figure("Target", "70%", "2026-06"),
    figure("Target", "85%", "2027-06"),
    figure("Actual", "52%", "2025-05", "Spring self-assessments"),
)


def polyline(svg: ET.Element, kind: str) -> list[tuple[float, float]]:
    lines = [
        element
        for element in svg.iter(f"{SVG}polyline")
        if f"chart-{kind}" in element.get("class", "").split()
    ]
    assert len(lines) == 1, kind
    return [
        (float(x), float(y))
        for x, y in (pair.split(",") for pair in lines[0].get("points", "").split())
    ]


def texts(svg: ET.Element) -> list[str]:
    return [element.text or "" for element in svg.iter(f"{SVG}text")]


# -- the drawing -----------------------------------------------------------------------


def test_a_chart_is_an_image_with_a_title_and_a_description_of_every_figure() -> None:
    chart = data(*YEARLY, standing="Behind as of 2025-06-30")
    svg = parse(chart_of(chart))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    children = list(svg)
    assert children[0].tag == f"{SVG}title"
    assert children[0].text == "Chart: Students who feel safe"
    assert children[1].tag == f"{SVG}desc"
    description = children[1].text or ""
    assert description == (
        "Higher is better. Baseline 38% (2024-05); target 55% by 2025-06; target 70% by 2026-06;"
        " target 85% by 2027-06; actual 52% (2025-05). Behind as of 2025-06-30."
    )
    drawn = texts(svg)
    assert "Higher is better" in drawn
    assert "As of 2025-06-30" in drawn
    for value in ("38%", "55%", "70%", "85%", "52%"):
        assert value in drawn, value


def test_actuals_are_a_line_from_the_baseline_and_targets_a_dashed_path_in_date_order() -> None:
    # Written out of order: the lines still run left to right.
    shuffled = (YEARLY[3], YEARLY[4], YEARLY[1], YEARLY[0], YEARLY[2])
    svg = parse(chart_of(data(*shuffled)))
    targets = polyline(svg, "target")
    actuals = polyline(svg, "actual")
    assert len(targets) == 4 and len(actuals) == 2
    assert [x for x, _ in targets] == sorted(x for x, _ in targets)
    assert targets[0] == actuals[0]  # both start at the baseline
    # Higher values are drawn higher up (smaller y): 38 < 55 < 70 < 85.
    assert [y for _, y in targets] == sorted((y for _, y in targets), reverse=True)
    dashed = [line for line in svg.iter(f"{SVG}polyline") if line.get("stroke-dasharray")]
    assert [line.get("class") for line in dashed] == ["chart-line chart-target"]
    # The marks on the chart itself (the key has one of each as well).
    marks = [element.tag for element in svg if element.get("class") == "chart-mark"]
    assert marks.count(f"{SVG}rect") == 1  # the baseline
    assert marks.count(f"{SVG}circle") == 1  # the actual
    assert marks.count(f"{SVG}polygon") == 3  # the targets


def test_the_as_of_line_sits_between_the_figures_around_it() -> None:
    svg = parse(chart_of(data(*YEARLY)))
    as_of = next(group for group in svg.iter(f"{SVG}g") if group.get("class") == "chart-as-of")
    x = float(as_of.find(f"{SVG}line").get("x1", ""))  # type: ignore[union-attr]
    targets = polyline(svg, "target")
    assert targets[1][0] - 1 <= x <= targets[2][0]  # 2025-06-30 is the first target's day


def test_an_as_of_date_far_from_the_figures_is_said_not_drawn() -> None:
    svg = parse(chart_of(data(*YEARLY, as_of=date(2040, 1, 1))))
    assert not any(group.get("class") == "chart-as-of" for group in svg.iter(f"{SVG}g"))


def test_lower_is_better_is_said_as_written_or_as_the_figures_imply() -> None:
    figures = (figure("Baseline", "14.2%", "2024-06"), figure("Target", "12.5%", "2025-06"))
    assert "Lower is better" in texts(parse(chart_of(data(*figures, direction="decrease"))))
    implied = data(*figures, direction=None)
    assert implied["better"] == "Lower is better"
    assert (
        data(figure("Actual", "3", "2024-06"), figure("Actual", "4", "2025-06"), direction=None)[
            "better"
        ]
        == ""
    )


def test_the_scale_carries_the_unit() -> None:
    percent = texts(parse(chart_of(data(*YEARLY))))
    assert "0%" in percent and "100%" in percent
    ratio = data(
        figure("Baseline", "75:1", "2024-07"),
        figure("Target", "60:1", "2025-09"),
        unit="ratio",
        direction="decrease",
    )
    assert [point["value"] for point in ratio["points"]] == [75.0, 60.0]
    assert any(re.fullmatch(r"\d+:1", text) for text in texts(parse(chart_of(ratio))))
    days = data(
        figure("Baseline", "3 days", "2024-06"), figure("Target", "1 days", "2025-06"), unit="days"
    )
    drawn = texts(parse(chart_of(days)))
    assert "days" in drawn  # above the scale
    assert [point["value"] for point in days["points"]] == [3.0, 1.0]


def test_nice_ticks() -> None:
    assert nice_ticks(0, 85) == [0, 25, 50, 75, 100]
    assert nice_ticks(12.5, 14.2) == [12.5, 13.0, 13.5, 14.0, 14.5]
    same = nice_ticks(5, 5)
    assert same[0] < 5 < same[-1]
    assert nice_ticks(-3, 2)[0] <= -3 and nice_ticks(-3, 2)[-1] >= 2
    assert nice_ticks(float("nan"), 1) == [0.0, 1.0]
    assert number_text(1200, 500) == "1,200" and number_text(0.25, 0.05) == "0.25"


def test_plan_text_is_escaped_in_the_drawing() -> None:
    hostile = "<script>alert(1)</script> & \x07bell"
    chart = data(figure("Baseline", "1", "2024-06"), figure("Actual", "2", "2025-06"), unit=None)
    chart["title"] = hostile
    chart["description"] = hostile
    text = chart_of(chart)
    assert text is not None
    assert "<script>" not in text and "&lt;script&gt;" in text
    svg = parse(text)
    assert svg.find(f"{SVG}title").text == "<script>alert(1)</script> & bell"  # type: ignore[union-attr]


def test_the_narrow_size_is_smaller_and_keeps_its_key_inside() -> None:
    svg = parse(chart_of(data(*YEARLY), "narrow"))
    assert svg.get("viewBox") == f"0 0 {NARROW.width:g} {NARROW.height:g}"
    for element in svg.iter(f"{SVG}text"):
        assert 0 <= float(element.get("x", "0")) <= NARROW.width
        assert 0 <= float(element.get("y", "0")) <= NARROW.height


# -- odd figures: never an error, else the table alone ---------------------------------


@pytest.mark.parametrize(
    "figures",
    [
        pytest.param((), id="none"),
        pytest.param((figure("Target", "85%", "2025-06"),), id="one figure"),
        pytest.param((figure("Baseline", "75%"), figure("Target", "85%")), id="no dates"),
        pytest.param(
            (figure("Baseline", "Most", "2024-06"), figure("Target", "All", "2025-06")),
            id="words",
        ),
        pytest.param(
            (figure("Actual", "40%", "Spring"), figure("Actual", "50%", "Fall")),
            id="unreadable dates",
        ),
    ],
)
def test_figures_that_make_no_chart_leave_the_table_alone(
    figures: tuple[dict[str, str], ...],
) -> None:
    assert data(*figures) == {}
    assert chart_of({}) is None
    assert str(measure_chart({"chart": {}})) == ""


def test_equal_values_one_date_negative_values_and_ratios_draw() -> None:
    same = parse(
        chart_of(data(figure("Baseline", "5", "2024-06"), figure("Actual", "5", "2024-06")))
    )
    assert len(polyline(same, "actual")) == 2
    negative = data(
        figure("Baseline", "-4", "2024-06"), figure("Actual", "-1.5", "2025-06"), unit=None
    )
    svg = parse(chart_of(negative))
    assert "-4" in texts(svg) and "-1.5" in texts(svg)
    ratio = data(figure("Baseline", "490:1", "2023-06"), figure("Target", "250:1", "2026-06"))
    assert [point["label"] for point in ratio["points"]] == ["490:1", "250:1"]


def test_figures_left_off_the_drawing_are_named_in_its_description() -> None:
    chart = data(
        figure("Baseline", "75%"),  # no date: a line across the chart
        figure("Target", "Most schools", "2025-06"),
        figure("Actual", "80%", "2024-06"),
        figure("Actual", "82%", "Spring"),
        figure("Target", "90%", "2026-06"),
    )
    svg = parse(chart_of(chart))
    description = svg.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    for said in ("Baseline 75%", "target Most schools by 2025-06", "actual 82% (Spring)"):
        assert said in description, said
    assert "Not on the chart: target Most schools by 2025-06 (not a number);" in description
    assert "actual 82% (Spring) (a date the chart cannot place)" in description
    across = [group for group in svg.iter(f"{SVG}g") if "chart-across" in group.get("class", "")]
    assert len(across) == 1
    assert "Baseline 75% (no date)" in texts(across[0])


def test_anything_a_layout_passes_draws_nothing_rather_than_failing() -> None:
    odd_values: list[object] = [
        None,
        "text",
        3,
        [],
        {"points": "x"},
        {"points": [{"value": "1"}, 7]},
    ]
    for odd in odd_values:
        assert chart_of(odd) is None
    assert str(measure_chart("not a measure")) == ""
    half = {"points": [{"kind": "actual", "value": 1.0, "day": "2024-13-40", "label": "1"}] * 2}
    assert chart_of(half) is None  # no readable date


# -- from a plan ------------------------------------------------------------------------


def test_every_measure_of_the_demo_with_dated_figures_has_a_chart() -> None:
    path = REPO / "examples" / "district-pl-plan.plan.yaml"
    doc = check_file(path, path.name).doc
    assert doc is not None
    plan = plan_view(doc, 1, 0, date(2025, 6, 30))
    measures: list[dict[str, Any]] = []
    pending = list(plan["goals"])
    while pending:
        node = pending.pop(0)
        measures.extend(node["measure_details"])
        for step in node["steps"]:
            measures.extend(step["measure_details"])
        pending.extend(node["children"])
    charted = [measure for measure in measures if measure["chart"]]
    assert len(charted) == 10  # the goals' and objectives' measures
    for measure in charted:
        svg = parse(chart_of(measure["chart"]))
        description = svg.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
        for item in measure["figures"]:
            assert str(item["value"]) in description, (measure["head"], item)


def _luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_colours_text_and_lines_are_drawn_in_contrast_with_white() -> None:
    # A browser's checker cannot decide the contrast of text drawn in SVG: it is decided here.
    from planctl.render import chart

    white = _luminance("#ffffff")
    for name in (
        "TEXT_COLOUR",
        "ACTUAL_COLOUR",
        "TARGET_COLOUR",
        "BASELINE_COLOUR",
        "AS_OF_COLOUR",
    ):
        colour = getattr(chart, name)
        ratio = (white + 0.05) / (_luminance(colour) + 0.05)
        assert ratio >= 4.5, f"{name} {colour} is {ratio:.1f}:1 on white"
