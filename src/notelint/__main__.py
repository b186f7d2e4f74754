"""Run notelint as ``python -m notelint``."""

from notelint.front.entry import main

main()
