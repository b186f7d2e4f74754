"""Every property test tries the same examples on every run, so the suite fails only for a
change in notelint, never by chance. ``NOTELINT_FUZZ_EXAMPLES=N`` (read by the fuzzing
and property tests) turns this off to search new examples."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("notelint", derandomize=not os.environ.get("NOTELINT_FUZZ_EXAMPLES"))
settings.load_profile("notelint")
