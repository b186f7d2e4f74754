"""Rules from installed packages, through the ``notelint.rules`` entry point group.

A package offers a rule by naming its class in its ``pyproject.toml``::

    [project.entry-points."notelint.rules"]
    NL901 = "notelint_todo:NoTodo"

The class subclasses ``notelint.rules.Rule`` like a built-in rule. Plugins are imported
the first time rules are selected or listed, never when notelint itself is imported,
and checked before any of them is used: the class is a well-formed rule, its code is
in NL800-NL999 (NL0-NL7 belong to the built-in groups, whose codes never change
meaning), and no code or name is taken twice. Any problem is a ``PluginError`` naming
the plugin, and no plugin rule is registered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from notelint.engine.entry_points import GROUP, declarations
from notelint.rules.base import REGISTRY, Rule, RuleError, validate
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Frozen, set_field

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

PLUGIN_CODE = lazy_re(r"^NL[89]\d\d$")


class PluginError(Exception):
    """A plugin's rule cannot be loaded, or clashes with another rule."""


class PluginRule(Frozen):
    """A rule class and where it came from."""

    rule: type[Rule]
    origin: str

    def __init__(self, rule: type[Rule], origin: str) -> None:
        set_field(self, "rule", rule)
        set_field(self, "origin", origin)


# Where each registered plugin rule came from, by code.
ORIGINS: dict[str, str] = {}
_loaded = False


def origin_of(entry: EntryPoint) -> str:
    """How an error names a plugin: its distribution and the entry point line."""
    dist = getattr(entry, "dist", None)
    package = f"{dist.name} {dist.version}" if dist is not None else "an unknown package"
    return f"plugin {package} ({entry.name} = {entry.value})"


def load_plugins() -> None:
    """Register every installed plugin's rules, once; raise PluginError on any problem."""
    global _loaded
    if _loaded:
        return
    found = collect(installed_entry_points(), REGISTRY)
    for plugin in found:
        REGISTRY[plugin.rule.code] = plugin.rule
        ORIGINS[plugin.rule.code] = plugin.origin
    _loaded = True


def installed_entry_points() -> list[EntryPoint]:
    """The entry points of the ``notelint.rules`` group in the installed packages."""
    if not _may_have_plugins():
        return []
    from importlib.metadata import entry_points

    return list(entry_points(group=GROUP))


def _may_have_plugins() -> bool:
    """Whether a package on ``sys.path`` may declare a plugin; False only when none does."""
    return declarations() != []


def collect(entries: Iterable[EntryPoint], registry: Mapping[str, type[Rule]]) -> list[PluginRule]:
    """Import and check the rules ``entries`` name against ``registry`` and each other."""
    found: list[PluginRule] = []
    for entry in sorted(entries, key=lambda e: (e.name, e.value)):
        origin = origin_of(entry)
        rule = _load(entry, origin)
        _check(rule, origin, registry, found)
        found.append(PluginRule(rule, origin))
    return found


def _load(entry: EntryPoint, origin: str) -> type[Rule]:
    try:
        obj = entry.load()
    except Exception as exc:  # whatever the plugin's import raises, name the plugin
        raise PluginError(f"{origin} failed to load: {type(exc).__name__}: {exc}") from exc
    if not (isinstance(obj, type) and issubclass(obj, Rule)):
        raise PluginError(f"{origin} is not a rule class (a subclass of notelint.rules.Rule)")
    return obj


def _check(
    rule: type[Rule],
    origin: str,
    registry: Mapping[str, type[Rule]],
    found: list[PluginRule],
) -> None:
    try:
        validate(rule)
    except RuleError as exc:
        raise PluginError(f"{origin}: {exc}") from exc
    if not PLUGIN_CODE.match(rule.code):
        raise PluginError(
            f"{origin}: rule code {rule.code} is not in NL800-NL999, the codes left to plugins"
        )
    for other in found:
        if rule.code == other.rule.code or rule.name == other.rule.name:
            what = "code" if rule.code == other.rule.code else "name"
            value = getattr(rule, what)
            raise PluginError(f"{origin}: rule {what} {value} is also used by {other.origin}")
    for code, other_rule in registry.items():
        if other_rule is rule:
            continue  # registered by the plugin's own import
        if rule.code == code or rule.name == other_rule.name:
            what = "code" if rule.code == code else "name"
            value = getattr(rule, what)
            owner = ORIGINS.get(code, "a built-in rule")
            raise PluginError(
                f"{origin}: rule {what} {value} is already used by {owner} "
                f"({other_rule.code} {other_rule.name})"
            )
