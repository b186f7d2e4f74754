"""Settings: rule selection, the per-group options rules read, and where they come from.

This is the one place settings are defined and read. Configuration files are found
from each checked file's folder upward to the repository root, validated key by key,
and turned into a ``Config``; command-line options (``Overrides``) go on top.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from notelint.syntax.records import Frozen, replace, set_field

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# Every group but NL6, and NL604 (the NL6 rule about a file's own consistency); NL8 and
# NL9 hold the rules of installed plugins.
DEFAULT_SELECT: tuple[str, ...] = (
    "NL0",
    "NL1",
    "NL2",
    "NL3",
    "NL4",
    "NL5",
    "NL604",
    "NL7",
    "NL8",
    "NL9",
)

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
# The output formats, one module each in ``notelint.report``.
OUTPUT_FORMATS: tuple[str, ...] = ("text", "full", "json", "github", "gitlab", "sarif", "junit")

CONFIG_FILES: tuple[str, ...] = (".notelint.toml", "notelint.toml", "pyproject.toml")


class YearsOptions(Frozen):
    level: int | None = None
    # None: the order most of the file's years run in (newest first when it has none).
    order: Order | None = None
    min: int = 1950

    def __init__(
        self, level: int | None = None, order: Order | None = None, min: int = 1950
    ) -> None:
        set_field(self, "level", level)
        set_field(self, "order", order)
        set_field(self, "min", min)


class LinksOptions(Frozen):
    code_hosts: tuple[str, ...] = DEFAULT_CODE_HOSTS
    code_style: str = "[[code]]"

    def __init__(
        self, code_hosts: tuple[str, ...] = DEFAULT_CODE_HOSTS, code_style: str = "[[code]]"
    ) -> None:
        set_field(self, "code_hosts", code_hosts)
        set_field(self, "code_style", code_style)


class VenuesOptions(Frozen):
    known: tuple[str, ...] = DEFAULT_VENUES
    extra: tuple[str, ...] = ()

    def __init__(
        self, known: tuple[str, ...] = DEFAULT_VENUES, extra: tuple[str, ...] = ()
    ) -> None:
        set_field(self, "known", known)
        set_field(self, "extra", extra)


class NotesOptions(Frozen):
    summary: str | None = None
    # What ends a note line: the spacing before the tag and the tag itself.
    break_: str = "  <br>"
    # Whether the last note of a block also needs the break.
    break_last: bool = False

    def __init__(
        self, summary: str | None = None, break_: str = "  <br>", break_last: bool = False
    ) -> None:
        set_field(self, "summary", summary)
        set_field(self, "break_", break_)
        set_field(self, "break_last", break_last)


class CjkOptions(Frozen):
    spacing: Spacing = "always"

    def __init__(self, spacing: Spacing = "always") -> None:
        set_field(self, "spacing", spacing)


# Each group's default options. They never change, so every Config shares them.
_YEARS, _LINKS, _VENUES = YearsOptions(), LinksOptions(), VenuesOptions()
_NOTES, _CJK = NotesOptions(), CjkOptions()


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

            from notelint.config.patterns import guard_patterns

            self._spec = guard_patterns(GitIgnoreSpec.from_lines(self.patterns))
        return self._spec.match_file(relative + "/" if is_dir else relative)


class Config(Frozen):
    """Everything that decides what notelint checks and fixes."""

    select: tuple[str, ...] = DEFAULT_SELECT
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    years: YearsOptions
    links: LinksOptions
    venues: VenuesOptions
    notes: NotesOptions
    cjk: CjkOptions
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    # (pattern, selectors) pairs in the order the configuration lists them.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # None: the command line's choice, else "text".
    output_format: str | None = None
    # The file these settings were read from; its folder is what patterns are relative to.
    path: Path | None = None

    def __init__(
        self,
        select: tuple[str, ...] = DEFAULT_SELECT,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        fix: bool = False,
        unsafe_fixes: bool = False,
        years: YearsOptions = _YEARS,
        links: LinksOptions = _LINKS,
        venues: VenuesOptions = _VENUES,
        notes: NotesOptions = _NOTES,
        cjk: CjkOptions = _CJK,
        exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
        extend_exclude: tuple[str, ...] = (),
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        output_format: str | None = None,
        path: Path | None = None,
    ) -> None:
        set_field(self, "select", select)
        set_field(self, "extend_select", extend_select)
        set_field(self, "ignore", ignore)
        set_field(self, "fix", fix)
        set_field(self, "unsafe_fixes", unsafe_fixes)
        set_field(self, "years", years)
        set_field(self, "links", links)
        set_field(self, "venues", venues)
        set_field(self, "notes", notes)
        set_field(self, "cjk", cjk)
        set_field(self, "exclude", exclude)
        set_field(self, "extend_exclude", extend_exclude)
        set_field(self, "per_file_ignores", per_file_ignores)
        set_field(self, "output_format", output_format)
        set_field(self, "path", path)

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)

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
