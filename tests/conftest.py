"""Every property test tries the same examples on every run, so the suite fails only for a
change in notelint, never by chance. ``NOTELINT_FUZZ_EXAMPLES=N`` (read by the fuzzing
and property tests) turns this off to search new examples."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("notelint", derandomize=not os.environ.get("NOTELINT_FUZZ_EXAMPLES"))
settings.load_profile("notelint")


@pytest.fixture(autouse=True, scope="session")
def _no_result_cache_in_checked_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the result cache of fixtures wider than a test out of the folders they check."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NOTELINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache") / "shared"))
        yield


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Give each test a result cache of its own, outside the folders it checks and lists."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NOTELINT_CACHE_DIR", str(folder / ".notelint_cache"))
        yield
