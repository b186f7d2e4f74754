"""Run notelint as ``python -m notelint``."""

from notelint.front.cli import main

main()
