"""The output formats on hand-made results, including awkward spans."""

from __future__ import annotations

import io
import json

import pytest

from notelint.engine.results import FileResult, RunResult
from notelint.model.violation import Fix, Violation
from notelint.report import FORMATS, get_writer
from notelint.syntax.source import Source


def render(fmt: str, result: RunResult) -> str:
    out = io.StringIO()
    get_writer(fmt)(result, out)
    return out.getvalue()


def one(text: str, start: int, end: int, fix: Fix | None = None) -> RunResult:
    v = Violation("NL501", "trailing-whitespace", "warning", "msg", start, end, fix)
    return RunResult([FileResult("a.md", Source(text), [v])])


def test_every_listed_format_loads() -> None:
    for name in FORMATS:
        assert callable(get_writer(name))
    with pytest.raises(KeyError):
        get_writer("nope")


def test_full_multi_line_span_underlines_to_the_end_of_its_first_line() -> None:
    assert render("full", one("ab  \ncd\n", 2, 7)) == (
        "a.md:1:3: NL501 msg\n  |\n1 | ab  \n  |   ^^\n\nFound 1 problem.\n"
    )


def test_full_empty_span_at_the_end_of_the_text_gets_one_caret() -> None:
    assert render("full", one("ab\n", 3, 3)) == (
        "a.md:2:1: NL501 msg\n  |\n2 |\n  | ^\n\nFound 1 problem.\n"
    )


def test_full_gutter_is_as_wide_as_the_line_number() -> None:
    text = "x\n" * 11
    assert render("full", one(text, 20, 21)).splitlines()[1:4] == [
        "   |",
        "11 | x",
        "   | ^",
    ]


def test_text_summary_after_fixing_everything() -> None:
    result = RunResult([FileResult("a.md", Source(""), [], fixed=3)])
    assert render("text", result) == "Fixed 3 problems.\n"


def test_text_marks_only_fixes_the_settings_allow() -> None:
    unsafe = Fix.replace(0, 1, "y", applicability="unsafe")
    assert render("text", one("x\n", 0, 1, unsafe)).splitlines()[0] == "a.md:1:1: NL501 msg"
    result = one("x\n", 0, 1, unsafe)
    result.unsafe_fixes = True
    assert render("text", result).splitlines()[0] == "a.md:1:1: NL501 [*] msg"


def test_json_columns_count_code_points_and_end_is_exclusive() -> None:
    items = json.loads(render("json", one("中文 x\n", 3, 4)))
    assert [items[0][k] for k in ("line", "column", "end_line", "end_column")] == [1, 4, 1, 5]
    assert items[0]["fix"] is None
