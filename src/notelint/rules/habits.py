"""A file's own habits: the form at least three quarters of its cases take (SPEC §1).

Style rules report only departures from such a habit, never the habit itself, and
nothing at all where the file has none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from operator import itemgetter
from typing import TypeVar

Form = TypeVar("Form", bound=Hashable)

# The share of a file's cases that makes a form its habit.
HABIT_SHARE = 0.75
_COUNT = itemgetter(1)


def habit(counts: Counter[Form], minimum: int = 1) -> Form | None:
    """The form at least HABIT_SHARE of the counted cases take, if there are ``minimum``."""
    total = sum(counts.values())
    if total < minimum or not counts:
        return None
    # The most common form; on a tie of counts, the first counted (as ``most_common``).
    form, count = max(counts.items(), key=_COUNT)
    return form if count >= HABIT_SHARE * total else None
