"""The rule protocol and the registry of rule classes.

A rule is a small class: metadata as class attributes, a docstring that is its
documentation (with an anti-pattern and a best-practice example), and ``check``, which
reads the document model and yields violations, each maybe carrying a fix.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from notelint.config.options import Config
from notelint.model.disk import Disk
from notelint.model.violation import Fix, Level, Violation, frozen
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Frozen, set_field

if TYPE_CHECKING:
    from notelint.model.directives import Suppression
    from notelint.model.document import Document
    from notelint.syntax.source import Source

FixKind = Literal["none", "safe", "unsafe", "safe/unsafe"]

_CODE = lazy_re(r"^NL\d{3}$")
_NAME = lazy_re(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_EXAMPLE = lazy_re(
    r"\*\*(?P<kind>Anti-pattern|Best practice)\*\*\s*\n+```markdown\n(?P<body>.*?)\n```",
    re.S,
)


class RuleContext(Frozen):
    """What a rule may read: the document, its text, the settings, its path, the disk.

    A rule that looks at other files asks ``disk``, never the file system directly: the
    result cache rechecks its answers before reusing a finding.
    """

    doc: Document
    config: Config
    path: Path | None = None
    disk: Disk
    # The codes of the rules that run with this one: a rule leaves a defect to a more
    # specific rule that runs too, so one defect gives one finding.
    selected: frozenset[str] = frozenset()

    def __init__(
        self,
        doc: Document,
        config: Config,
        path: Path | None = None,
        disk: Disk | None = None,
        selected: frozenset[str] = frozenset(),
    ) -> None:
        set_field(self, "doc", doc)
        set_field(self, "config", config)
        set_field(self, "path", path)
        set_field(self, "disk", Disk() if disk is None else disk)
        set_field(self, "selected", selected)

    @property
    def source(self) -> Source:
        return self.doc.source

    def runs(self, code: str) -> bool:
        """Whether the rule ``code`` runs on this document too."""
        return code in self.selected


class Rule:
    """Base of every rule; subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    level: ClassVar[Level]
    fix: ClassVar[FixKind] = "none"
    opt_in: ClassVar[bool] = False
    # Whether the rule's fixes change the rendered page on purpose (a heading level, an
    # added <br>). The engine proves every other fix renders the same HTML (SPEC §5).
    changes_rendering: ClassVar[bool] = False
    # Whether the rule finds whitespace anywhere in the file: where a more specific rule
    # reports the same place and fixes it, the engine keeps only that finding.
    generic: ClassVar[bool] = False

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        raise NotImplementedError

    def violation(
        self,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        level: Level | None = None,
    ) -> Violation:
        # Made with its fields at once: rules report findings by the thousand.
        found: Violation = frozen(
            Violation,
            {
                "code": self.code,
                "name": self.name,
                "level": level or self.level,
                "message": message,
                "start": start,
                "end": end,
                "fix": fix,
            },
        )
        return found

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.split("\n", 1)[0]

    @classmethod
    def examples(cls) -> dict[str, str]:
        """The docstring's examples: {'Anti-pattern': text, 'Best practice': text}.

        Read without ``inspect.getdoc``, which turns tabs into spaces: an example may need
        a tab.
        """
        import textwrap  # only the rule docs need it

        first, _, rest = (cls.__doc__ or "").partition("\n")
        doc = first.strip() + "\n" + textwrap.dedent(rest)
        return {m["kind"]: m["body"] + "\n" for m in _EXAMPLE.finditer(doc)}


class DirectiveRule(Rule):
    """A rule about suppression comments themselves.

    The engine runs it after it has applied the comments to every other rule's findings,
    so it can tell which comments name no rule or hid nothing.
    """

    # Whether a directive without names hides this rule's findings too.
    hidden_by_blanket: ClassVar[bool] = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        return iter(())

    def check_directives(self, ctx: RuleContext, suppression: Suppression) -> Iterator[Violation]:
        raise NotImplementedError


class RuleError(Exception):
    """A rule class is not well formed, or clashes with another one."""


REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule class to the registry, checking its metadata once."""
    validate(cls)
    for other in REGISTRY.values():
        if other.name == cls.name and other is not cls:
            raise RuleError(f"rule name {cls.name!r} is used by {other.code} and {cls.code}")
    if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
        raise RuleError(f"rule code {cls.code} is defined twice")
    REGISTRY[cls.code] = cls
    return cls


def validate(cls: type[Rule]) -> None:
    for attr in ("code", "name", "level"):
        if not hasattr(cls, attr):
            raise RuleError(f"rule class {cls.__name__} has no {attr!r}")
    if not _CODE.match(cls.code):
        raise RuleError(f"rule code {cls.code!r} is not NL followed by three digits")
    if not _NAME.match(cls.name):
        raise RuleError(f"rule name {cls.name!r} is not kebab-case")
    if cls.level not in ("error", "warning"):
        raise RuleError(f"rule {cls.code} has level {cls.level!r}")
    if cls.fix not in ("none", "safe", "unsafe", "safe/unsafe"):
        raise RuleError(f"rule {cls.code} has fix {cls.fix!r}")
    if not has_summary(cls):
        raise RuleError(f"rule {cls.code} has no docstring")


def has_summary(cls: type[Rule]) -> bool:
    """Whether ``cls.summary()`` is not empty, told without cleaning the whole docstring.

    ``inspect.getdoc`` takes the first docstring along the class's bases and cleans it;
    the clean text is empty only when its first line is blank and every other line is
    empty. Every rule registers at import: cleaning each docstring cost a small file's
    check a hundredth of its instructions.
    """
    doc = next((c.__doc__ for c in cls.__mro__ if c is not object and c.__doc__ is not None), None)
    if not isinstance(doc, str):
        return False
    first, _, rest = doc.partition("\n")
    return bool(first.strip() or rest.strip("\n"))


def documentation(rule: type[Rule]) -> str:
    """A rule's docstring, dedented but with its tabs kept: an example may need one."""
    import textwrap

    first, _, rest = (rule.__doc__ or "").partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()
