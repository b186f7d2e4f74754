"""The venue index skips a venue too far to rank before compiling its fuzzy pattern.

Every edit changes the length by one at most and brings or takes one letter at most, so
a venue whose length or letters differ from a label's by more than the limit is more
edits away than the limit: ``nearest`` ranks what it ranked when it let through every
venue two such differences away.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.config.options import Config
from notelint.rules.meta import VenueIndex, _common_prefix, _swapped


def _reference(index: VenueIndex, core: str, limit: int) -> list[str]:
    """``nearest`` as it was, with the looser bound of the fuzzy patterns' two errors."""
    word = core.casefold()
    letters = frozenset(word)
    ranked = []
    for key, key_letters in index._letters:
        if (
            abs(len(key) - len(word)) > 2
            or len(letters - key_letters) > 2
            or len(key_letters - letters) > 2
        ):
            continue
        m = index._pattern(key).fullmatch(word)
        if m is None:
            continue
        distance = 1 if _swapped(key, word) else sum(m.fuzzy_counts)
        if distance <= limit:
            ranked.append((distance, -_common_prefix(key, word), key))
    if not ranked:
        return []
    best = min(ranked)[:2]
    return list(dict.fromkeys(index.names[k] for *rank, k in ranked if tuple(rank) == best))


_INDEX = VenueIndex.of(Config())
_EDIT = st.tuples(st.sampled_from("isdw"), st.integers(0, 30), st.sampled_from("aclnrIX2 "))


@settings(max_examples=600, deadline=None)
@given(
    name=st.sampled_from(sorted(_INDEX.names.values())),
    edits=st.lists(_EDIT, max_size=3),
    limit=st.integers(0, 2),
)
def test_nearest_ranks_what_it_ranked(
    name: str, edits: list[tuple[str, int, str]], limit: int
) -> None:
    core = name
    for kind, at, char in edits:
        at %= len(core) + 1
        if kind == "i":
            core = core[:at] + char + core[at:]
        elif kind == "s":
            core = core[:at] + char + core[at + 1 :]
        elif kind == "d":
            core = core[:at] + core[at + 1 :]
        elif at + 1 < len(core):
            core = core[:at] + core[at + 1] + core[at] + core[at + 2 :]
    assert _INDEX.nearest(core, limit) == _reference(_INDEX, core, limit)
