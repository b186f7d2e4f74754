"""Output formats: one module per format, each with ``write(result, stream, options)``.

``FORMATS`` maps each of the configuration's ``OUTPUT_FORMATS`` to its module; a format's
module is imported only when it is used, so start-up does not pay for formats nobody asked
for. A report writes to the stream it is given and never decides the exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from notelint.config.options import OUTPUT_FORMATS
from notelint.syntax.records import Frozen, set_field

if TYPE_CHECKING:
    from notelint.engine.results import RunResult


class ReportOptions(Frozen):
    """How to print: the choices every format may honour."""

    # Findings only: no summary, nothing at all when there is nothing to report.
    quiet: bool = False
    # ANSI colours in the human-readable formats.
    color: bool = False

    def __init__(self, quiet: bool = False, color: bool = False) -> None:
        set_field(self, "quiet", quiet)
        set_field(self, "color", color)


Writer = Callable[["RunResult", TextIO, ReportOptions], None]

FORMATS: dict[str, str] = {name: f"notelint.report.{name}" for name in OUTPUT_FORMATS}


def get_writer(name: str) -> Writer:
    """The ``write`` function of the format called ``name``; KeyError if there is none."""
    module = import_module(FORMATS[name])
    writer: Writer = module.write
    return writer
