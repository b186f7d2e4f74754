"""Check and fix an editor's buffer exactly as the command line checks and fixes its file.

The buffer's path decides its settings through the same discovery as the command line
(the nearest configuration file up to the repository root, or ``--config``), and the
text goes through the runner's ``check_text``: the same rules, time budget and, for
fixing, the same fix loop and safety checks. Nothing is ever written: the server hands
the fixed text to the editor as an edit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from notelint.config.options import CONFIG_FILES, Config
from notelint.config.read import ConfigError
from notelint.config.settings import Overrides, Settings
from notelint.engine.selection import SelectionError, select_rules, without
from notelint.front.runner import check_text
from notelint.model.violation import Violation
from notelint.rules.base import Rule
from notelint.syntax.source import DecodeError, Source


@dataclass
class Checked:
    """What checking one buffer found.

    ``shift`` is what to add to a violation's offsets to index the buffer's own text
    (1 when the buffer starts with a byte order mark, which ``Source`` leaves out).
    """

    text: str
    violations: list[Violation] = field(default_factory=list)
    config: Config | None = None
    error: str | None = None
    shift: int = 0

    def fixable(self, violation: Violation) -> bool:
        """Whether ``--fix`` would apply the violation's fix under the buffer's settings."""
        fix = violation.fix
        unsafe = self.config is not None and self.config.unsafe_fixes
        return fix is not None and (unsafe or fix.applicability == "safe")


@dataclass(frozen=True)
class Fixed:
    """The buffer's text after ``--fix``, or why the fix was refused."""

    text: str | None
    applied: int = 0
    refused: str | None = None


def is_config_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file notelint may read its settings from."""
    return os.path.basename(path) in CONFIG_FILES


class Checker:
    """Settings and rules for buffers, found as the command line finds them, kept until
    a configuration file changes."""

    def __init__(
        self,
        overrides: Overrides | None = None,
        config_file: str | None = None,
        isolated: bool = False,
    ) -> None:
        self._overrides = overrides or Overrides()
        self._config_file = config_file
        self._isolated = isolated
        self._settings: Settings | None = None
        self._rules: dict[Config, list[Rule]] = {}
        # Where the settings of a buffer without a file (an untitled one) come from.
        self.root = Path.cwd()

    def reload(self) -> None:
        """Forget every setting read, so the next check reads the configuration anew."""
        self._settings = None
        self._rules.clear()

    def _config(self, path: Path | None) -> Config:
        if self._settings is None:
            self._settings = Settings(
                self._overrides, config_file=self._config_file, isolated=self._isolated
            )
        settings = self._settings
        return settings.for_path(path) if path is not None else settings.for_folder(self.root)

    def _rules_for(self, config: Config, path: Path | None) -> list[Rule]:
        if config not in self._rules:
            self._rules[config] = select_rules(config)
        rules = self._rules[config]
        return without(rules, config.ignored_for(path)) if path is not None else rules

    def check(self, text: str, path: Path | None) -> Checked:
        """Lint ``text``, the content of ``path`` (None: a buffer without a file)."""
        try:
            config = self._config(path).with_(fix=False)
            if path is not None and config.is_excluded(path):
                return Checked(text, config=config)
            rules = self._rules_for(config, path)
            source = Source.from_text(text)
        except (ConfigError, SelectionError, DecodeError) as exc:
            return Checked(text, error=str(exc))
        name = str(path) if path is not None else "untitled"
        result = check_text(name, path, source, config, rules, diff=False, write=False)
        shift = 1 if source.bom else 0
        return Checked(text, result.violations, config, result.error, shift)

    def fix(self, text: str, path: Path | None) -> Fixed:
        """The text ``--fix`` would write for ``text``, checked as ``--fix`` checks it."""
        try:
            config = self._config(path).with_(fix=True)
            if path is not None and config.is_excluded(path):
                return Fixed(text)
            rules = self._rules_for(config, path)
            source = Source.from_text(text)
        except (ConfigError, SelectionError, DecodeError) as exc:
            return Fixed(None, refused=str(exc))
        name = str(path) if path is not None else "untitled"
        result = check_text(name, path, source, config, rules, diff=False, write=False)
        if result.error or result.source is None:
            return Fixed(None, refused=result.error or f"{name}: could not be fixed")
        return Fixed(result.source.to_text(), result.fixed)
