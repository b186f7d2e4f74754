"""A source read back from the cache finds its findings' positions without a line index,
and they are the positions the index gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from notelint.syntax.source import Source

_TEXT = st.text(alphabet=st.sampled_from(list("ab 中\n\n\r\t")), max_size=60)


@given(_TEXT, st.data())
def test_positions_without_an_index_are_those_of_the_index(text: str, data: st.DataObject) -> None:
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=12))
    indexed = Source.from_text(text)
    lazy = Source.from_text(text, indexed=False)
    expected = [(p.line, p.column) for p in map(indexed.position, offsets)]
    assert lazy.positions(offsets) == expected
    assert indexed.positions(offsets) == expected
    # Asked for, the index is the one an indexed source makes.
    assert lazy.line_starts == indexed.line_starts
    assert lazy.line_ends == indexed.line_ends


def test_an_unindexed_source_makes_no_index_for_positions() -> None:
    lazy = Source.from_text("one\ntwo\nthree\n", indexed=False)
    assert lazy.positions([9, 0, 5]) == [(3, 2), (1, 1), (2, 2)]
    assert "line_starts" not in vars(lazy)
    assert lazy.line_starts.tolist() == [0, 4, 8, 14]
