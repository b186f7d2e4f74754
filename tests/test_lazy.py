"""Patterns compiled on first use behave as compiled ones, and every one of them compiles."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import signal
import subprocess
import sys

import pytest
import regex

import notelint
from notelint.syntax.lazy import _Lazy, lazy_re, lazy_regex


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    pattern = lazy_re(r"(?P<word>[a-z]+)(\d*)", re.I)
    plain = re.compile(r"(?P<word>[a-z]+)(\d*)", re.I)
    text = "Alpha12 beta gamma3"
    assert pattern.pattern == plain.pattern and pattern.flags == plain.flags
    assert pattern.match(text).group("word") == "Alpha"  # type: ignore[union-attr]
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert pattern.sub("-", text) == plain.sub("-", text)
    unicode = lazy_regex(r"\p{Han}+")
    assert unicode.findall("用BERT模型") == ["用", "模型"]


def test_nothing_compiles_before_the_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
        calls.append(pattern)
        return re.compile(pattern, flags)

    monkeypatch.setattr(regex, "compile", compile)
    pattern = lazy_regex("[a]")
    assert calls == []
    pattern.search("a")
    pattern.search("b")
    pattern.match("a")
    assert calls == ["[a]"]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_an_interrupt_during_a_compile_is_raised_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The regex compiler runs __del__ methods, where a raised KeyboardInterrupt is dropped:
    # the interrupt must wait for the compile to end.
    finished: list[bool] = []

    def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
        os.kill(os.getpid(), signal.SIGINT)
        finished.append(True)
        return re.compile(pattern, flags)

    monkeypatch.setattr(regex, "compile", compile)
    pattern = lazy_regex("a")
    with pytest.raises(KeyboardInterrupt):
        pattern.search("a")
    assert finished == [True]
    # The pattern was kept before the interrupt was raised: no second compile.
    assert pattern.search("a") is not None
    assert finished == [True]


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(notelint.__path__, "notelint."):
        if ".server" not in info.name and not info.name.endswith("__main__"):
            names.append(info.name)
    return names


def test_every_lazy_pattern_of_the_package_compiles() -> None:
    found = 0
    for name in _modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, _Lazy):
                # Reading the source compiles the pattern: a bad one raises here.
                assert isinstance(value.pattern, str), f"{name}.{attribute}"
                found += 1
    assert found > 100


def test_a_check_compiles_only_what_it_uses() -> None:
    # A notes file needs next to none of the paper-list patterns.
    code = (
        "import notelint.rules, notelint.model.paper_lists as p\n"
        "from notelint import lint_text\n"
        "lint_text('# 2024\\n\\n- A paper\\n  - ICLR [[code]](https://x.org/a)\\n')\n"
        "from notelint.syntax.lazy import _Lazy\n"
        "lazy = [v for v in vars(p).values() if isinstance(v, _Lazy)]\n"
        "print(sum('_compiled' in v.__dict__ for v in lazy), len(lazy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    compiled, defined = map(int, out.stdout.split())
    assert defined > 10
    assert compiled <= 2
