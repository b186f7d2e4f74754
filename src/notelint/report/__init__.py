"""Output formats: one module per format, each with ``write(result, stream)``.

``FORMATS`` is the one place formats are listed; a format's module is imported only when
it is used, so start-up does not pay for formats nobody asked for. A report writes to the
stream it is given and never decides the exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from notelint.runner import RunResult

Writer = Callable[["RunResult", TextIO], None]

FORMATS: dict[str, str] = {
    "text": "notelint.report.text",
    "full": "notelint.report.full",
    "json": "notelint.report.json",
}


def get_writer(name: str) -> Writer:
    """The ``write`` function of the format called ``name``; KeyError if there is none."""
    module = import_module(FORMATS[name])
    writer: Writer = module.write
    return writer
