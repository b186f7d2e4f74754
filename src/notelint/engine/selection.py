"""Choose the rules a configuration selects, from the built-in registry and plugins."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from notelint import rules as _builtin_rules  # noqa: F401  (fills the registry)
from notelint.config.options import DEFAULT_SELECT, Config
from notelint.engine.plugins import PluginError, load_plugins
from notelint.rules.base import REGISTRY, Rule
from notelint.syntax.lazy import lazy_re


class SelectionError(ValueError):
    """The rules cannot be selected: a selector names no rule, or a plugin does not load."""


def _matches(selector: str, rule: type[Rule]) -> int:
    """How specifically ``selector`` names ``rule``: 0 not at all, longer is more specific."""
    if selector == "ALL":
        return 1
    if selector == rule.name or selector == rule.code:
        return 100
    if rule.code.startswith(selector) and selector.startswith("NL"):
        return len(selector)
    return 0


# The rule groups of the catalogue, NL8 and NL9 being the plugins'; a group prefix is a
# valid selector even while empty.
_GROUPS = lazy_re(r"^NL[0-9]$")


def registry() -> dict[str, type[Rule]]:
    """Every rule by code: the built-in ones and those of installed plugins.

    Raises SelectionError, naming the plugin, when a plugin does not load or clashes.
    """
    try:
        load_plugins()
    except PluginError as exc:
        raise SelectionError(str(exc)) from exc
    return REGISTRY


def _check_selectors(selectors: Iterable[str]) -> None:
    registry()  # a selector may name a plugin's rule
    for sel in selectors:
        # The default selection names NL604 by its code: valid whatever rules are loaded.
        if sel == "ALL" or _GROUPS.match(sel) or sel in DEFAULT_SELECT:
            continue
        if not any(_matches(sel, rule) for rule in REGISTRY.values()):
            names = sorted(REGISTRY) + sorted(r.name for r in REGISTRY.values())
            from difflib import get_close_matches

            near = get_close_matches(sel, names, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise SelectionError(f"unknown rule selector {sel!r}{hint}")


def select_rules(config: Config) -> list[Rule]:
    """Instantiate the rules ``config`` selects, in code order.

    An opt-in rule needs its exact code or name; otherwise the most specific selector
    wins, and ``ignore`` wins a tie.
    """
    _check_selectors((*config.select, *config.extend_select, *config.ignore))
    chosen = []
    for code in sorted(REGISTRY):
        rule = REGISTRY[code]
        wanted = max(
            (_matches(s, rule) for s in (*config.select, *config.extend_select)), default=0
        )
        if rule.opt_in and wanted < 100:
            continue
        unwanted = max((_matches(s, rule) for s in config.ignore), default=0)
        if wanted and wanted > unwanted:
            chosen.append(rule())
    return chosen


def without(rules: Sequence[Rule], selectors: Sequence[str]) -> list[Rule]:
    """``rules`` less every rule ``selectors`` name, however specifically (per-file ignores)."""
    if not selectors:
        return list(rules)
    _check_selectors(selectors)
    return [r for r in rules if not any(_matches(s, type(r)) for s in selectors)]


def rule_keys() -> dict[str, str]:
    """Every rule code and name, each mapped to its code."""
    keys = {code: code for code in REGISTRY}
    keys.update((rule.name, code) for code, rule in REGISTRY.items())
    return keys
