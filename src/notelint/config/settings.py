"""Settings per file: configuration files found from each file's folder up, and overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelint.config.options import CONFIG_FILES, Config
from notelint.config.read import GROUP_KEYS, TOP_KEYS, ConfigError, read_config, shown
from notelint.syntax.records import Frozen, set_field

if TYPE_CHECKING:
    pass


class Overrides(Frozen):
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

    def __init__(
        self,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        fix: bool | None = None,
        unsafe_fixes: bool | None = None,
        output_format: str | None = None,
    ) -> None:
        set_field(self, "select", select)
        set_field(self, "extend_select", extend_select)
        set_field(self, "ignore", ignore)
        set_field(self, "fix", fix)
        set_field(self, "unsafe_fixes", unsafe_fixes)
        set_field(self, "output_format", output_format)

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
        return config.with_(**changes) if changes else config


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
    return {"": list(TOP_KEYS), **{group: list(keys) for group, keys in GROUP_KEYS.items()}}
