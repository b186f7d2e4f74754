"""The rules reference, generated from the registry: ``python -m notelint.front.docs [PATH]``.

Each rule's docstring is its documentation, so the page can never say something the
code does not; a test fails when ``docs/rules.md`` differs from what this prints.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from notelint.rules.base import REGISTRY, Rule, documentation

GROUPS = {
    "NL0": "the linter itself",
    "NL1": "years",
    "NL2": "entries and links",
    "NL3": "notes blocks",
    "NL4": "images and HTML",
    "NL5": "whitespace and layout",
    "NL6": "CJK typography (opt-in group)",
    "NL7": "link sections",
}

COMMAND = "python -m notelint.front.docs docs/rules.md"


def all_rules() -> list[type[Rule]]:
    """Every rule, installed plugins' too, in code order; SelectionError if a plugin fails."""
    from notelint.engine.selection import registry

    rules = registry()
    return [rules[code] for code in sorted(rules)]


def builtin_rules() -> list[type[Rule]]:
    """The rules notelint itself ships, in code order, without loading any plugin."""
    import notelint.rules  # noqa: F401  (fills the registry)

    rules = [REGISTRY[code] for code in sorted(REGISTRY)]
    return [r for r in rules if r.__module__.startswith("notelint.rules.")]


def find_rule(key: str) -> type[Rule] | None:
    """The rule whose code (any case) or name is ``key``."""
    for rule in all_rules():
        if key.upper() == rule.code or key == rule.name:
            return rule
    return None


def facts(rule: type[Rule]) -> dict[str, str]:
    return {
        "level": rule.level,
        "fix": rule.fix,
        "opt-in": "yes" if rule.opt_in else "no",
    }


def explain(rule: type[Rule]) -> str:
    """A rule's documentation for the terminal: its facts, then its docstring."""
    about = ", ".join(f"{key}: {value}" for key, value in facts(rule).items())
    return f"{rule.code} {rule.name}\n\n{about}\n\n{documentation(rule)}\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _anchor(rule: type[Rule]) -> str:
    return f"#{rule.code.lower()}-{rule.name}"


def rules_page(rules: Sequence[type[Rule]] | None = None) -> str:
    """The Markdown reference of ``rules`` (default: the built-in ones)."""
    rules = builtin_rules() if rules is None else rules
    out = [
        "# Rules",
        "",
        f"<!-- Generated from the rules' docstrings by `{COMMAND}`; do not edit by hand. -->",
        "",
        "Every group but NL6 is checked by default; an *opt-in* rule is checked only when its",
        "own code or name is selected. A *safe* fix is applied by `--fix`, an *unsafe* one",
        "only with `--unsafe-fixes` as well. `notelint --explain CODE` prints the same text.",
        "",
        "| code | name | level | fix | opt-in | checks |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        opt_in = "opt-in" if rule.opt_in else ""
        out.append(
            f"| [{rule.code}]({_anchor(rule)}) | {rule.name} | {rule.level} | {rule.fix} "
            f"| {opt_in} | {_cell(rule.summary())} |"
        )
    group = None
    for rule in rules:
        if rule.code[:3] != group:
            group = rule.code[:3]
            title = GROUPS.get(group)
            out += ["", f"## {group}: {title}" if title else f"## {group}"]
        doc = documentation(rule)
        about = " · ".join(f"{key}: {value}" for key, value in facts(rule).items())
        out += ["", f"### {rule.code} {rule.name}", "", about, "", doc]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the rules page, or write it to the one path given."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(f"usage: {COMMAND.replace('docs/rules.md', '[PATH]')}", file=sys.stderr)
        return 2
    page = rules_page()
    if args:
        Path(args[0]).write_text(page, encoding="utf-8", newline="\n")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
