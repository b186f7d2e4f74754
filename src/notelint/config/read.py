"""Read configuration files: TOML loading, validation with helpful errors."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelint.config.options import OUTPUT_FORMATS, Config
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import replace

if TYPE_CHECKING:
    pass


Convert = Callable[[Any], Any]


class ConfigError(Exception):
    """A configuration file that cannot be used; ``str()`` is one line naming it."""


class _Invalid(Exception):
    """A value of the wrong type or out of range: ``str()`` says what was expected."""

    def __init__(self, expected: str, hint: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.hint = hint


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _Invalid("an array of strings")


def _selectors(value: Any) -> tuple[str, ...]:
    return tuple(s.strip() for s in _strings(value))


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise _Invalid("a string")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _Invalid("a boolean (true or false)")


def _integer(low: int, high: int) -> Convert:
    def convert(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise _Invalid(f"an integer from {low} to {high}")

    return convert


def _one_of(*choices: str) -> Convert:
    def convert(value: Any) -> str:
        if value in choices:
            return str(value)
        near = _close(value, choices, 0.6) if isinstance(value, str) else []
        hint = f" (did you mean {_quote(near[0])}?)" if near else ""
        raise _Invalid("one of " + ", ".join(_quote(c) for c in choices), hint)

    return convert


def _output_format(value: Any) -> str:
    return str(_one_of(*OUTPUT_FORMATS)(value))


def _shaped(pattern: str, expected: str) -> Convert:
    # Compiled when a file first sets the key: most runs read no such setting.
    compiled = lazy_re(pattern, re.I)

    def convert(value: Any) -> str:
        if isinstance(value, str) and compiled.match(value):
            return value
        raise _Invalid(expected)

    return convert


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise _Invalid("a table of patterns to arrays of rules")
    pairs = []
    for pattern, selectors in value.items():
        try:
            pairs.append((pattern, _selectors(selectors)))
        except _Invalid:
            raise _Invalid(
                f"a table of patterns to arrays of rules ({_quote(pattern)} is "
                f"{_toml_type(selectors)})"
            ) from None
    return tuple(pairs)


# The keys of the top level: TOML key -> (Config field, conversion).
TOP_KEYS: dict[str, tuple[str, Convert]] = {
    "select": ("select", _selectors),
    "extend-select": ("extend_select", _selectors),
    "ignore": ("ignore", _selectors),
    "exclude": ("exclude", _strings),
    "extend-exclude": ("extend_exclude", _strings),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "fix": ("fix", _boolean),
    "unsafe-fixes": ("unsafe_fixes", _boolean),
    "output-format": ("output_format", _output_format),
}


# The per-group tables: table -> TOML key -> (options field, conversion).
GROUP_KEYS: dict[str, dict[str, tuple[str, Convert]]] = {
    "years": {
        "level": ("level", _integer(1, 6)),
        "order": ("order", _one_of("descending", "ascending")),
        "min": ("min", _integer(0, 9999)),
    },
    "links": {
        "code-hosts": ("code_hosts", _strings),
        "code-style": (
            "code_style",
            _shaped(
                r"^(?:\[\[[^\[\]]+\]\((?:u|url)?\)\]|\[\[[^\[\]]+\]\]|\[[^\[\]]+\])"
                r"(?:\((?:u|url)?\))?$",
                'a code-link form: "[[code]]", "[code]" or "[[code](url)]"',
            ),
        ),
    },
    "venues": {"known": ("known", _strings), "extra": ("extra", _strings)},
    "notes": {
        "summary": ("summary", _string),
        "break": ("break_", _shaped(r"^ *<br\s*/?>$", 'spaces then a <br> tag, like "  <br>"')),
        "break-last": ("break_last", _boolean),
    },
    "cjk": {"spacing": ("spacing", _one_of("always", "never"))},
}


def _close(word: str, choices: Sequence[str], cutoff: float) -> list[str]:
    import difflib  # only when there is a mistake to explain

    return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)


def _unknown(where: str, prefix: str, key: str, valid: Sequence[str]) -> ConfigError:
    near = _close(key, valid, 0.5)
    hint = f"did you mean '{prefix}{near[0]}'?" if near else "valid keys: " + ", ".join(valid)
    return ConfigError(f"{where}: unknown key '{prefix}{key}' ({hint})")


def _convert(where: str, name: str, convert: Convert, value: Any) -> Any:
    try:
        return convert(value)
    except _Invalid as exc:
        raise ConfigError(
            f"{where}: '{name}' must be {exc.expected}, not {_toml_type(value)}{exc.hint}"
        ) from None


def config_from_table(
    table: Mapping[str, Any], *, base: Config | None = None, where: str = "", prefix: str = ""
) -> Config:
    """``base`` with the settings of one parsed table, checking every key and value.

    ``where`` names the file in error messages and ``prefix`` is the table's own key
    (``tool.notelint.`` in pyproject.toml). Raises ConfigError.
    """
    config = base if base is not None else Config()
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key in TOP_KEYS:
            name, convert = TOP_KEYS[key]
            changes[name] = _convert(where, prefix + key, convert, value)
        elif key in GROUP_KEYS:
            if not isinstance(value, dict):
                raise ConfigError(
                    f"{where}: '{prefix}{key}' must be a table, not {_toml_type(value)}"
                )
            changes[key] = _group(
                getattr(config, key), value, GROUP_KEYS[key], where, f"{prefix}{key}."
            )
        else:
            raise _unknown(where, prefix, key, [*TOP_KEYS, *GROUP_KEYS])
    return replace(config, **changes)


def _group(
    options: Any,
    table: dict[str, Any],
    keys: dict[str, tuple[str, Convert]],
    where: str,
    prefix: str,
) -> Any:
    changes = {}
    for key, value in table.items():
        if key not in keys:
            raise _unknown(where, prefix, key, list(keys))
        name, convert = keys[key]
        changes[name] = _convert(where, prefix + key, convert, value)
    return replace(options, **changes)


def shown(path: Path) -> str:
    """``path`` as messages show it: relative to the current folder when it is inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith(os.pardir) else relative


def read_config(path: str | os.PathLike[str], base: Config | None = None) -> Config | None:
    """The settings in the file ``path``, on top of ``base``.

    A ``pyproject.toml`` holds them in ``[tool.notelint]``, and without that table gives
    None; any other file holds them at its top level. Raises ConfigError.
    """
    path = Path(os.path.abspath(path))
    where = shown(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{where}: {exc.strerror or exc}") from None
    is_pyproject = path.name == "pyproject.toml"
    if is_pyproject and b"notelint" not in data:
        return None  # the common case, decided without parsing
    table = _parse(where, data)
    prefix = ""
    if is_pyproject:
        tool = table.get("tool")
        section = tool.get("notelint") if isinstance(tool, dict) else None
        if section is None:
            return None
        if not isinstance(section, dict):
            raise ConfigError(f"{where}: 'tool.notelint' must be a table")
        table, prefix = section, "tool.notelint."
    base = (base or Config()).with_(path=path)
    return config_from_table(table, base=base, where=where, prefix=prefix)


def _parse(where: str, data: bytes) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
