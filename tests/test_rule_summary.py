"""Registration tells a rule without a summary as ``Rule.summary`` does, more cheaply."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.rules.base import REGISTRY, Rule, has_summary

_DOCS = st.one_of(
    st.none(),
    st.lists(st.sampled_from(["", " ", "\t", "\n", "\r", "\x0b", "\u3000", "Use x.", "  a"])).map(
        "".join
    ),
    st.text(),
)


@settings(max_examples=500, deadline=None)
@given(doc=_DOCS, inherit=st.booleans())
def test_has_summary_is_whether_the_summary_is_empty(doc: str | None, inherit: bool) -> None:
    base: type[Rule] = type("Base", (Rule,), {"__doc__": doc}) if inherit else Rule
    rule = type("Checked", (base,), {"__doc__": None if inherit else doc})
    assert has_summary(rule) == bool(rule.summary())


def test_every_built_in_rule_has_a_summary() -> None:
    assert all(has_summary(rule) and rule.summary() for rule in REGISTRY.values())
