"""The position layer, checked against the source text itself.

Two oracles: (1) on real documents every node's span holds what the node claims (a
heading starts with ``#``, a link's text is ``[...](...)``, inline HTML is its raw
text); (2) generated nested documents record where they wrote every construct, and the
parser must find each one at exactly that place.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.syntax.parse import Node, parse
from notelint.syntax.source import Source

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = sorted((SHARED / "corpus").glob("*.md")) if (SHARED / "corpus").is_dir() else []
EXAMPLE = SHARED / "example" / "paper-notes.md"
MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")


def all_nodes(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for top in nodes:
        for node in top.walk():
            out.append(node)
            out.extend(node.inlines)
    return out


def check_claims(source: Source) -> int:
    """Assert every node's span holds what it claims; return how many were checked."""
    text = source.text
    checked = 0
    for node in all_nodes(parse(source, slim=False)):
        assert 0 <= node.start <= node.end <= len(text), node
        assert source.line_index(node.start) == node.line, node
        assert node.line <= node.end_line < source.line_count, node
        span = text[node.start : node.end]
        tok = node.token
        kind = node.type
        if kind == "heading" and tok.get("style") == "atx":
            assert span.startswith("#" * tok["attrs"]["level"]), span
        elif kind == "list_item":
            assert MARKER.match(span), span
        elif kind == "block_html":
            assert span.startswith("<"), span
        elif kind in ("paragraph", "block_text") or kind == "heading":
            first = tok["text"].lstrip(" \t\f\n").split("\n", 1)[0].rstrip()
            assert (
                source.line(node.line)[node.start - source.line_starts[node.line] :]
                .rstrip()
                .startswith(first.strip())
            ), (span, first)
        elif kind == "link" and span.startswith("<"):  # an autolink
            assert span.endswith(">") and tok["attrs"]["url"].endswith(span[-2]), span
        elif kind == "link":
            assert span.startswith("[") and span.endswith((")", "]")), span
        elif kind == "image":
            assert span.startswith("![") and span.endswith((")", "]")), span
        elif kind == "inline_html":
            lines = [ln.lstrip(" \t>") for ln in re.split(r"\r\n|\r|\n", span)]
            raw = [ln.lstrip(" \t>") for ln in tok["raw"].split("\n")]
            assert lines == raw, (span, tok["raw"])
        elif kind == "codespan":
            assert span.startswith("`") and span.endswith("`"), span
        checked += 1
    return checked


@pytest.mark.skipif(not CORPUS, reason="the shared corpus is not present")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:40])
def test_spans_hold_what_nodes_claim_on_the_corpus(path: Path) -> None:
    assert check_claims(Source.from_bytes(path.read_bytes())) > 0


def test_checking_leaves_nothing_for_the_cyclic_collector() -> None:
    """notelint checks a file with the collector paused: a parse or model that left
    cycles would keep the whole document (and a copy of its text) alive for the rest of
    the check, and make the collection after it slow."""
    from notelint.config.options import Config
    from notelint.engine.fixing import fix_source
    from notelint.engine.linting import lint_source

    example = Path(__file__).parents[1] / "examples" / "paper-notes.md"
    source = Source.from_bytes(example.read_bytes())
    fixing = Config(fix=True, unsafe_fixes=True)
    lint_source(source, Config())  # the first run creates what lives on (patterns, ...)
    fix_source(source, fixing)
    gc.collect()
    gc.disable()
    try:
        parse(source)
        assert gc.collect() == 0
        lint_source(source, Config())
        assert gc.collect() == 0
        fix_source(source, fixing)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_slim_tokens_keep_every_span_and_what_rules_read() -> None:
    """What a node's token loses to save memory changes no span, child or rule's key."""
    example = Path(__file__).parents[1] / "examples" / "paper-notes.md"
    source = Source.from_bytes(example.read_bytes())
    read = ("type", "attrs", "style", "marker", "bullet", "tight")

    def shape(nodes: list[Node]) -> list[tuple[object, ...]]:
        return [
            (
                *(n.start, n.end, n.line, n.end_line, len(n.children), len(n.inlines)),
                *(n.token.get(key) for key in read),
                n.token.get("text") if n.type == "heading" else None,
            )
            for n in all_nodes(nodes)
        ]

    slim = parse(source)
    assert len(all_nodes(slim)) > 50
    assert shape(slim) == shape(parse(source, slim=False))
    assert "text" not in next(n for n in all_nodes(slim) if n.type == "paragraph").token


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared example is not present")
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_example_positions_survive_line_endings_and_bom(newline: str) -> None:
    text = EXAMPLE.read_text("utf-8").replace("\n", newline)
    plain = parse(Source.from_text(text))
    with_bom = Source.from_text("\ufeff" + text)
    assert with_bom.bom
    bom_nodes = parse(with_bom)
    assert [(n.type, n.start, n.end) for n in all_nodes(plain)] == [
        (n.type, n.start, n.end) for n in all_nodes(bom_nodes)
    ]
    check_claims(with_bom)


def test_known_positions_of_the_notes_shape() -> None:
    text = (
        "# Paper\n\n### 2023\n\n- Title one\n  - ICLR [[code]](https://github.com/a/b)\n"
        "  - <details>\n    <summary>notes</summary>\n    1. a  <br>\n    </details>\n"
    )
    source = Source(text)
    nodes = all_nodes(parse(source))
    got = [(n.type, source.position(n.start).line, source.position(n.start).column) for n in nodes]
    assert ("heading", 3, 1) in got
    assert ("list_item", 5, 1) in got
    assert ("list_item", 6, 3) in got
    assert ("link", 6, 10) in got
    assert ("block_html", 7, 5) in got
    html = next(n for n in nodes if n.type == "block_html")
    assert html.end_line == 9  # 0-based: the </details> line


# -- generated documents with recorded positions ---------------------------------------


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    # (type, line, column, text) of every construct written
    marks: list[tuple[str, int, int, str]] = field(default_factory=list)


words = st.sampled_from(["alpha", "beta", "模型", "训练", "gamma", "delta", "注意力", "x"])


@st.composite
def inline_piece(draw: st.DrawFn, n: int) -> tuple[str, str | None]:
    kind = draw(st.sampled_from(["word", "link", "code_link", "image", "html", "code"]))
    if kind == "word":
        return draw(words), None
    if kind == "link":
        return f"[{draw(words)}](https://e.org/{n})", "link"
    if kind == "code_link":
        return f"[[code]](https://github.com/o/r{n})", "link"
    if kind == "image":
        return f"![{draw(words)}](assets/{n}.png)", "image"
    if kind == "html":
        return f'<img src="a/{n}.png" />', "inline_html"
    return f"`c{n}`", "codespan"


@st.composite
def text_line(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, str]]]:
    parts = [draw(words)]
    marks: list[tuple[str, int, str]] = []
    for _ in range(draw(st.integers(0, 4))):
        piece, kind = draw(inline_piece(draw(st.integers(0, 10**6))))
        col = sum(len(p) for p in parts) + len(parts)  # parts joined by one space
        parts.append(piece)
        if kind:
            marks.append((kind, col, piece))
    return " ".join(parts), marks


def render(draw: st.DrawFn, depth: int) -> Doc:
    """A block sequence; each block's lines carry columns relative to the block."""
    doc = Doc()
    for index in range(draw(st.integers(1, 3))):
        if index:
            doc.lines.append("")
        kind = draw(
            st.sampled_from(
                ["para", "heading", "list", "quote", "fence"] if depth < 4 else ["para", "heading"]
            )
        )
        row = len(doc.lines)
        if kind == "para":
            for i in range(draw(st.integers(1, 3))):
                line, marks = draw(text_line())
                doc.lines.append(line)
                doc.marks.extend((k, row + i, c, t) for k, c, t in marks)
        elif kind == "heading":
            hashes = "#" * draw(st.integers(1, 6))
            line, marks = draw(text_line())
            doc.lines.append(f"{hashes} {line}")
            doc.marks.append(("heading", row, 0, hashes))
            doc.marks.extend((k, row, c + len(hashes) + 1, t) for k, c, t in marks)
        elif kind == "fence":
            doc.lines.extend(["```", "[not](a link)", "```"])
        elif kind == "list":
            marker = draw(st.sampled_from(["-", "*", "+", "1.", "1)"]))
            gap = " " * draw(st.integers(1, 4))
            for _ in range(draw(st.integers(1, 3))):
                inner = render(draw, depth + 1)
                if inner.lines[0].startswith(("#", "```", ">")) or not inner.lines[0]:
                    inner.lines.insert(0, "item")
                    inner.marks = [(k, r + 1, c, t) for k, r, c, t in inner.marks]
                start = len(doc.lines)
                doc.marks.append(("list_item", start, 0, marker))
                width = len(marker) + len(gap)
                for i, line in enumerate(inner.lines):
                    prefix = marker + gap if i == 0 else (" " * width if line else "")
                    doc.lines.append(prefix + line)
                doc.marks.extend((k, start + r, c + width, t) for k, r, c, t in inner.marks)
            doc.lines.append("")
        else:
            inner = render(draw, depth + 1)
            start = len(doc.lines)
            for line in inner.lines:
                doc.lines.append("> " + line if line else ">")
            doc.marks.extend((k, start + r, c + 2, t) for k, r, c, t in inner.marks)
            doc.lines.append("")
    return doc


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int, str]]]:
    doc = render(draw, 0)
    lines, marks = list(doc.lines), list(doc.marks)
    if draw(st.booleans()):  # some leading 4-space runs become tabs
        shift: dict[int, int] = {}
        for i, line in enumerate(lines):
            if line.startswith("    ") and draw(st.booleans()):
                lines[i] = "\t" + line[4:]
                shift[i] = 3
        marks = [(k, r, c - shift.get(r, 0), t) for k, r, c, t in marks]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + newline, marks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_put_every_construct_where_it_was_written(
    case: tuple[str, list[tuple[str, int, int, str]]],
) -> None:
    text, marks = case
    source = Source(text)
    found = {(n.type, n.start): text[n.start : n.end] for n in all_nodes(parse(source))}
    for kind, row, col, written in marks:
        start = source.offset(row, col)
        assert (kind, start) in found, (kind, row, col, written, text)
        if kind in ("link", "image", "inline_html", "codespan"):
            assert found[(kind, start)] == written


# -- the inline fast path agrees with the full inline parser ------------------------------

inline_text = st.lists(
    st.sampled_from(
        [
            "a",
            " ",
            "模",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "`",
            "\\",
            "!",
            "*",
            "_",
            ":",
            "/",
            "\n",
            "[[code]](https://github.com/o/r)",
            "[x](u)",
            "[[x]]",
            "](",
            "[a] (b)",
            "&amp;",
        ]
    ),
    max_size=25,
).map("".join)


def _links(tokens: list[dict[str, object]]) -> list[tuple[object, object]]:
    out = []
    stack = list(reversed(tokens))
    while stack:
        t = stack.pop()
        if t["type"] in ("link", "image"):
            out.append((t["type"], t.get("_i")))
        stack.extend(reversed(t.get("children", [])))  # type: ignore[arg-type]
    return out


@settings(max_examples=2000, deadline=None)
@given(inline_text)
def test_inline_fast_path_finds_what_the_parser_finds(text: str) -> None:
    from notelint.syntax.parse import _INLINE, simple_inline

    text = text.strip(" \r\n\t\f")
    fast = simple_inline(text)
    if fast is None:
        return
    assert _links(fast) == _links(_INLINE(text, {"ref_links": {}}))


def test_inline_fast_path_is_linear_on_long_failing_text() -> None:
    from notelint.syntax.parse import simple_inline

    assert simple_inline("a" * 200_000 + " [x]") is None
    assert simple_inline("word " * 50_000 + "[[code]](u)") is not None


@pytest.mark.parametrize(
    "text",
    [
        "| a | b |\n|---|---|\n| 1 | 2 |\n---\n",
        "a | b\n--- | :---:\n1 | 2\n------\n",
    ],
)
def test_a_table_then_a_rule_is_no_heading(text: str) -> None:
    # GitHub ends the table at the `---` and draws a rule; without the table plugin the
    # parser would take the whole table for a level-2 setext heading.
    nodes = parse(Source.from_text(text))
    assert [(n.type, n.line, n.end_line) for n in nodes] == [
        ("paragraph", 0, 2),
        ("thematic_break", 3, 3),
    ]


def test_a_setext_heading_is_still_one() -> None:
    nodes = parse(Source.from_text("Paper | notes\n---\n\nTitle\n=====\n"))
    assert [(n.type, n.line, n.attrs.get("level")) for n in nodes] == [
        ("heading", 0, 2),
        ("heading", 3, 1),
    ]


# -- list items read a run of lines at a time, as mistune reads them one by one ----------

_LINE_HEADS = st.sampled_from(
    ["", " ", "  ", "   ", "    ", "     ", "      ", "\t", " \t", "\t\t", "  \t "]
)
_LINE_BODIES = st.sampled_from(
    [
        "",
        " ",
        "- a",
        "-",
        "- ",
        "-\t b",
        "* c",
        "+ d",
        "1. e",
        "2) f",
        "10.",
        "text",
        "more [x](u) text",
        "> q",
        ">",
        "```",
        "~~~ py",
        "<details>",
        "</details>",
        "<div>",
        "# h",
        "## h ##",
        "---",
        "***",
        "===",
        "\v",
        "\f x",
        "<!-- c -->",
        "1. note  <br>",
        "[d]: https://e.org",
    ]
)
_LIST_LINES = st.lists(st.tuples(_LINE_HEADS, _LINE_BODIES).map("".join), max_size=24)


def _shape(nodes: list[Node]) -> list[object]:
    out: list[object] = []
    for node in all_nodes(nodes):
        tok = {k: v for k, v in node.token.items() if not k.startswith("_") and k != "children"}
        out.append((node.type, node.start, node.end, node.line, node.end_line, repr(tok)))
    return out


def _both_ways(text: str) -> tuple[list[object], list[object]]:
    """The nodes of ``text`` with list items read a run at a time, and one line at a time."""
    from notelint.syntax import hooks, list_items

    fast = _shape(parse(Source(text), slim=False))
    saved = hooks.parse_list_item
    hooks.parse_list_item = list_items.mistune_parse_list_item
    try:
        slow = _shape(parse(Source(text), slim=False))
    finally:
        hooks.parse_list_item = saved
    return fast, slow


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LIST_LINES)
def test_list_items_read_as_mistune_reads_them(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    fast, slow = _both_ways(text)
    assert fast == slow, text


@pytest.mark.skipif(not CORPUS, reason="the shared corpus is not present")
def test_list_items_read_as_mistune_reads_them_on_the_corpus() -> None:
    for path in [*CORPUS, EXAMPLE]:
        fast, slow = _both_ways(path.read_text(encoding="utf-8"))
        assert fast == slow, path.name
