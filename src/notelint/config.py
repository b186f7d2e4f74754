"""Settings: rule selection, the per-group options rules read, and where they come from.

This is the one place settings are defined and read. Configuration files are found
from each checked file's folder upward to the repository root, validated key by key,
and turned into a ``Config``; command-line options (``Overrides``) go on top.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# Every group but NL6; NL8 and NL9 hold the rules of installed plugins.
DEFAULT_SELECT: tuple[str, ...] = ("NL0", "NL1", "NL2", "NL3", "NL4", "NL5", "NL7", "NL8", "NL9")

DEFAULT_CODE_HOSTS: tuple[str, ...] = (
    "github.com",
    "gitlab.com",
    "gitee.com",
    "bitbucket.org",
    "codeberg.org",
    "huggingface.co",
    "sourceforge.net",
    "git.sr.ht",
    "colab.research.google.com",
    "paperswithcode.com",
    "kaggle.com",
    "modelscope.cn",
    "openi.pcl.ac.cn",
    "gitcode.com",
    "github.io",
)

# Venues seen in paper notes; matching ignores case, a trailing year and "Findings"/"Workshop".
DEFAULT_VENUES: tuple[str, ...] = (
    "AAAI",
    "ACL",
    "ACM MM",
    "AISTATS",
    "arXiv",
    "BMVC",
    "CHI",
    "CIKM",
    "CoLLM",
    "COLING",
    "CoNLL",
    "COLM",
    "CoRL",
    "CVPR",
    "DAC",
    "EACL",
    "ECAI",
    "ECCV",
    "ECIR",
    "EMNLP",
    "ICASSP",
    "ICCV",
    "ICDE",
    "ICDM",
    "ICLR",
    "ICME",
    "ICML",
    "ICRA",
    "IJCAI",
    "IJCNN",
    "IJCNLP",
    "INTERSPEECH",
    "IROS",
    "JMLR",
    "KDD",
    "LREC",
    "MICCAI",
    "MLSys",
    "NAACL",
    "NeurIPS",
    "NIPS",
    "OSDI",
    "PAKDD",
    "RecSys",
    "RSS",
    "SDM",
    "SIGGRAPH",
    "SIGIR",
    "SIGMOD",
    "SOSP",
    "TACL",
    "TASLP",
    "TIP",
    "TKDE",
    "TMLR",
    "TNNLS",
    "TOG",
    "TPAMI",
    "UAI",
    "VLDB",
    "WACV",
    "WSDM",
    "WWW",
    "AACL",
    "ACCV",
    "ICONIP",
    "IJCV",
    "Nature",
    "Science",
    "PNAS",
    "CACM",
    "ICSE",
    "FSE",
    "ASE",
    "NDSS",
    "USENIX Security",
    "CCS",
    "S&P",
    "SIGKDD",
    "TheWebConf",
    "ISCA",
    "MICRO",
    "ASPLOS",
    "HPCA",
    "PLDI",
    "POPL",
    "ICLR Workshop",
    "NeurIPS Workshop",
    "ICML Workshop",
    "Findings",
    "Preprint",
    "OpenAI",
    "DeepMind",
    "Blog",
    "Tech Report",
    "Technical Report",
)

Order = Literal["descending", "ascending"]
Spacing = Literal["always", "never"]

# Folders that hold other people's Markdown, never notes. Dotted folders (.git, .venv)
# are not entered while walking whatever the settings say.
DEFAULT_EXCLUDE: tuple[str, ...] = ("node_modules/", "venv/", "site-packages/", "__pypackages__/")

# In one folder, the first of these that holds notelint settings is used.
CONFIG_FILES: tuple[str, ...] = (".notelint.toml", "notelint.toml", "pyproject.toml")


@dataclass(frozen=True)
class YearsOptions:
    level: int | None = None
    order: Order = "descending"
    min: int = 1950


@dataclass(frozen=True)
class LinksOptions:
    code_hosts: tuple[str, ...] = DEFAULT_CODE_HOSTS
    code_style: str = "[[code]]"


@dataclass(frozen=True)
class VenuesOptions:
    known: tuple[str, ...] = DEFAULT_VENUES
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotesOptions:
    summary: str | None = None
    # What ends a note line: the spacing before the tag and the tag itself.
    break_: str = "  <br>"
    # Whether the last note of a block also needs the break.
    break_last: bool = False


@dataclass(frozen=True)
class CjkOptions:
    spacing: Spacing = "always"


class Patterns:
    """Gitignore-style patterns, matched against paths relative to one folder.

    Plain names (``node_modules/``, ``drafts``) are matched without the pattern library,
    so a run that needs only the defaults does not pay for importing it.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(p for p in patterns if p.strip())
        self._names: list[tuple[str, bool]] | None = []
        for p in self.patterns:
            name = p[:-1] if p.endswith("/") else p
            if not name or any(c in name for c in "/*?[]!\\#") or name != name.strip():
                self._names = None
                break
            self._names.append((name, p.endswith("/")))
        self._spec: GitIgnoreSpec | None = None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def match(self, relative: str, is_dir: bool) -> bool:
        """Whether ``relative`` (a path with ``/`` separators) matches."""
        if not self.patterns:
            return False
        if self._names is not None:
            parts = relative.split("/")
            folders = parts if is_dir else parts[:-1]
            return any(name in (folders if dir_only else parts) for name, dir_only in self._names)
        if self._spec is None:
            from pathspec import GitIgnoreSpec

            from notelint.limits import guard_patterns

            self._spec = guard_patterns(GitIgnoreSpec.from_lines(self.patterns))
        return self._spec.match_file(relative + "/" if is_dir else relative)


@dataclass(frozen=True)
class Config:
    """Everything that decides what notelint checks and fixes."""

    select: tuple[str, ...] = DEFAULT_SELECT
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    years: YearsOptions = field(default_factory=YearsOptions)
    links: LinksOptions = field(default_factory=LinksOptions)
    venues: VenuesOptions = field(default_factory=VenuesOptions)
    notes: NotesOptions = field(default_factory=NotesOptions)
    cjk: CjkOptions = field(default_factory=CjkOptions)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    # (pattern, selectors) pairs in the order the configuration lists them.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # None: the command line's choice, else "text".
    output_format: str | None = None
    # The file these settings were read from; its folder is what patterns are relative to.
    path: Path | None = None

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def root(self) -> Path:
        """The folder exclude and per-file-ignores patterns are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def is_excluded(self, path: str | os.PathLike[str], is_dir: bool = False) -> bool:
        """Whether ``exclude`` or ``extend-exclude`` leaves ``path`` out."""
        relative = self._relative(path)
        return relative is not None and self._exclusions.match(relative, is_dir)

    def ignored_for(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """The selectors ``per-file-ignores`` switches off for ``path``."""
        relative = self._relative(path)
        if relative is None:
            return ()
        return tuple(
            s
            for patterns, selectors in self._per_file
            if patterns.match(relative, False)
            for s in selectors
        )

    @cached_property
    def _exclusions(self) -> Patterns:
        return Patterns((*self.exclude, *self.extend_exclude))

    @cached_property
    def _per_file(self) -> list[tuple[Patterns, tuple[str, ...]]]:
        return [(Patterns([pattern]), selectors) for pattern, selectors in self.per_file_ignores]

    def _relative(self, path: str | os.PathLike[str]) -> str | None:
        relative = os.path.relpath(os.path.abspath(path), self.root)
        if relative == os.curdir or relative.split(os.sep, 1)[0] == os.pardir:
            return None  # outside the folder the patterns describe
        return relative.replace(os.sep, "/")


# -- reading configuration files ------------------------------------------------------------


class ConfigError(Exception):
    """A configuration file that cannot be used; ``str()`` is one line naming it."""


class _Invalid(Exception):
    """A value of the wrong type or out of range: ``str()`` says what was expected."""

    def __init__(self, expected: str, hint: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.hint = hint


Convert = Callable[[Any], Any]


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
    from notelint.report import FORMATS

    return str(_one_of(*FORMATS)(value))


def _shaped(pattern: str, expected: str) -> Convert:
    import re

    compiled = re.compile(pattern, re.I)

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
_TOP: dict[str, tuple[str, Convert]] = {
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
_GROUPS: dict[str, dict[str, tuple[str, Convert]]] = {
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
        if key in _TOP:
            name, convert = _TOP[key]
            changes[name] = _convert(where, prefix + key, convert, value)
        elif key in _GROUPS:
            if not isinstance(value, dict):
                raise ConfigError(
                    f"{where}: '{prefix}{key}' must be a table, not {_toml_type(value)}"
                )
            changes[key] = _group(
                getattr(config, key), value, _GROUPS[key], where, f"{prefix}{key}."
            )
        else:
            raise _unknown(where, prefix, key, [*_TOP, *_GROUPS])
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


# -- settings for every file of a run ----------------------------------------------------


@dataclass(frozen=True)
class Overrides:
    """Settings from the command line, applied on top of a configuration file's.

    As in ruff: ``select`` replaces what the file turns on (its ``select`` and
    ``extend-select``), ``extend_select`` and ``ignore`` add to the file's lists.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool | None = None
    unsafe_fixes: bool | None = None
    output_format: str | None = None

    def apply(self, config: Config) -> Config:
        changes: dict[str, Any] = {}
        if self.select is not None:
            changes["select"] = self.select
            changes["extend_select"] = self.extend_select
        elif self.extend_select:
            changes["extend_select"] = config.extend_select + self.extend_select
        if self.ignore:
            changes["ignore"] = config.ignore + self.ignore
        for name in ("fix", "unsafe_fixes", "output_format"):
            value = getattr(self, name)
            if value is not None:
                changes[name] = value
        return replace(config, **changes) if changes else config


class Settings:
    """The settings each file of a run gets, found per folder and read once.

    The search goes from a file's folder upward and stops at the first folder with a
    configuration file, or after the repository root (a folder holding ``.git``).
    ``config_file`` (``--config``) is used for every file instead; ``isolated`` uses
    no file at all.
    """

    def __init__(
        self,
        overrides: Overrides | None = None,
        *,
        config_file: str | os.PathLike[str] | None = None,
        isolated: bool = False,
        base: Config | None = None,
    ) -> None:
        self.overrides = overrides or Overrides()
        self._base = base or Config()
        self._default = self.overrides.apply(self._base)
        self._fixed: Config | None = None
        self._by_folder: dict[Path, Config] = {}
        if config_file is not None:
            loaded = read_config(config_file, self._base)
            if loaded is None:
                where = shown(Path(os.path.abspath(config_file)))
                raise ConfigError(f"{where}: no [tool.notelint] table")
            self._fixed = self.overrides.apply(loaded)
        elif isolated:
            self._fixed = self._default

    @classmethod
    def of(cls, config: Config) -> Settings:
        """Settings that give every file ``config``, reading no file."""
        settings = cls()
        settings._fixed = config
        return settings

    def for_path(self, path: str | os.PathLike[str]) -> Config:
        """The settings of the file (or folder) ``path``: those of the folder holding it."""
        return self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_folder(self, folder: str | os.PathLike[str]) -> Config:
        if self._fixed is not None:
            return self._fixed
        start = Path(os.path.abspath(folder))
        visited: list[Path] = []
        current = start
        while True:
            if current in self._by_folder:
                found = self._by_folder[current]
                break
            visited.append(current)
            here = self._config_in(current)
            if here is not None:
                found = here
                break
            if (current / ".git").exists() or current.parent == current:
                found = self._default
                break
            current = current.parent
        for seen in visited:
            self._by_folder[seen] = found
        return found

    def is_excluded(self, path: str | os.PathLike[str], is_dir: bool) -> bool:
        """Whether the settings that govern ``path`` exclude it."""
        return self.for_path(path).is_excluded(path, is_dir)

    def _config_in(self, folder: Path) -> Config | None:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                config = read_config(candidate, self._base)
                if config is not None:
                    return self.overrides.apply(config)
        return None


def option_keys() -> dict[str, list[str]]:
    """Every configuration key: the top-level ones under "", then each group's."""
    return {"": list(_TOP), **{group: list(keys) for group, keys in _GROUPS.items()}}
