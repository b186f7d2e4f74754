r"""The ``regex`` module's ``\d``, ``\s`` and ``\S`` spelled for ``re``.

A pattern moves from ``regex`` to ``re``, which compiles faster, only if it finds the
same: ``re`` knows an older Unicode, so its ``\d`` misses digits the ``regex`` module
knows, and its ``\s`` takes four separators that the ``regex`` module's does not.
Written by scripts/char_tables.py: do not edit. tests/test_re_classes.py holds each
equal to the class it comes from, over every code point.
"""

# What the ``regex`` module's ``\d`` matches and ``re``'s does not, as the inside of a
# class.
REGEX_ONLY_DIGIT = (
    "\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9"
    "\U00011de0-\U00011de9\U00011f50-\U00011f59\U00016130-\U00016139"
    "\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9\U0001e4f0-\U0001e4f9"
    "\U0001e5f1-\U0001e5fa"
)
# What ``re``'s ``\s`` matches and the ``regex`` module's does not, as the inside of
# a class.
RE_ONLY_SPACE = "\x1c-\x1f"
# The ``regex`` module's ``\d``, ``\s`` and ``\S`` as ``re`` classes.
DIGIT = "[\\d" + REGEX_ONLY_DIGIT + "]"
SPACE = "[^\\S" + RE_ONLY_SPACE + "]"
NOT_SPACE = "[\\S" + RE_ONLY_SPACE + "]"
