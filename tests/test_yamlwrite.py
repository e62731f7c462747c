"""planctl.yamlwrite: the one writer of plan YAML text."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML

from planctl.load import load_text
from planctl.yamlwrite import WIDTH, block_lines, comment_lines, configure_round_trip


def test_block_lines_lay_out_a_plan_as_the_examples_do() -> None:
    data: dict[str, Any] = {
        "title": "Reading",
        "period": {"start": "2024-07", "end": "2025-06"},
        "goals": [{"id": "G1", "owners": ["A", "B"]}, {"id": "G2", "title": "yes"}],
    }
    lines = block_lines(data, top=True, flow=("period",))
    assert lines == [
        "title: Reading",
        "period: {start: 2024-07, end: 2025-06}",
        "",
        "goals:",
        "  - id: G1",
        "    owners: [A, B]",
        "",
        "  - id: G2",
        '    title: "yes"',
    ]
    assert load_text("\n".join(lines) + "\n", "<plan>").data == data


def test_long_text_folds_at_the_width_and_reads_back() -> None:
    sentence = " ".join(["word"] * 60)
    lines = block_lines({"description": sentence})
    assert lines[0] == "description: >-"
    assert all(len(line) <= WIDTH for line in lines)
    assert load_text("\n".join(lines) + "\n", "<plan>").data == {"description": sentence}


def test_comment_lines_wrap_at_the_width_and_keep_a_least_width() -> None:
    text = "Write   the\nmonth " * 20
    lines = comment_lines(text, 4)
    assert all(line.startswith("    # ") and len(line) <= WIDTH for line in lines)
    assert " ".join(line[6:] for line in lines) == " ".join(text.split())
    deep = comment_lines(text, 90, least=40)
    assert max(len(line) for line in deep) > WIDTH  # 40 characters of text after column 92
    assert comment_lines("  \n ", 0) == []


def test_configure_round_trip_gives_the_library_the_same_layout() -> None:
    yaml = configure_round_trip(YAML(typ="rt"))
    stream = io.StringIO()
    yaml.dump(yaml.load("goals:\n- id: G1\n  steps:\n  - action: 'Read'\n"), stream)
    assert stream.getvalue() == "goals:\n  - id: G1\n    steps:\n      - action: 'Read'\n"
