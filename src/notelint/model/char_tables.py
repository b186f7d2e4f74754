"""Character classes for the standard ``re``, from the ``regex`` module's Unicode data.

Written by scripts/char_tables.py: do not edit. tests/test_cjk_classes.py holds each
equal to the class it comes from, over every code point.
"""

# The Latin letters and digits in their usual width (``prose.latin_char``) from U+0100
# to U+FFFF, as the inside of a class.
LATIN_WIDE = (
    "\u0100-\u02b8\u02e0-\u02e4\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f"
    "\u09e6-\u09ef\u0a66-\u0a6f\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f"
    "\u0ce6-\u0cef\u0d66-\u0d6f\u0de6-\u0def\u0e50-\u0e59\u0ed0-\u0ed9\u0f20-\u0f29"
    "\u1040-\u1049\u1090-\u1099\u17e0-\u17e9\u1810-\u1819\u1946-\u194f\u19d0-\u19d9"
    "\u1a80-\u1a89\u1a90-\u1a99\u1b50-\u1b59\u1bb0-\u1bb9\u1c40-\u1c49\u1c50-\u1c59"
    "\u1d00-\u1d25\u1d2c-\u1d5c\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff"
    "\u2071\u207f\u2090-\u209f\u212a-\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f"
    "\ua620-\ua629\ua722-\ua787\ua78b-\ua7dd\ua7e2\ua7f1-\ua7ff\ua8d0-\ua8d9"
    "\ua900-\ua909\ua9d0-\ua9d9\ua9f0-\ua9f9\uaa50-\uaa59\uab30-\uab5a\uab5c-\uab64"
    "\uab66-\uab69\uab6c-\uab6d\uabf0-\uabf9\ufb00-\ufb06"
)
# What ``re``'s ``\s`` matches and the ``regex`` module's does not, as the inside of
# a class.
RE_ONLY_SPACE = "\x1c-\x1f"
