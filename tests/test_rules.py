"""Every rule, generic or from a site profile, fires on its examples and spares its
counterexamples; a rule without both does not exist."""

from __future__ import annotations

import re

import pytest

from extractors.cleaning import STRUCTURAL_RULES
from extractors.profiles import all_profiles
from extractors.rules import Rule, RuleKind, generic_rules, rule_from_table

ALL_RULES = [
    *generic_rules(),
    *(rule for profile in all_profiles().values() for rule in profile.rules),
]
RULE_IDS = [f"{rule.origin}:{rule.name}" for rule in ALL_RULES]


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_rule_has_examples_and_counterexamples(rule: Rule) -> None:
    assert rule.examples, f"{rule.name} has no example line it must remove"
    assert rule.counterexamples, f"{rule.name} has no counterexample line it must keep"


@pytest.mark.parametrize(
    ("rule", "line"),
    [(rule, example) for rule in ALL_RULES for example in rule.examples],
    ids=[f"{rule.name}:{example[:40]}" for rule in ALL_RULES for example in rule.examples],
)
def test_rule_fires_on_example(rule: Rule, line: str) -> None:
    assert rule.matches(line)


@pytest.mark.parametrize(
    ("rule", "line"),
    [(rule, counter) for rule in ALL_RULES for counter in rule.counterexamples],
    ids=[f"{rule.name}:{counter[:40]}" for rule in ALL_RULES for counter in rule.counterexamples],
)
def test_rule_spares_counterexample(rule: Rule, line: str) -> None:
    assert not rule.matches(line)


def test_rule_names_are_unique_across_generic_profile_and_structural_rules() -> None:
    names = [rule.name for rule in ALL_RULES] + list(STRUCTURAL_RULES)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_patterns_stay_fast_on_hostile_lines(rule: Rule) -> None:
    """No catastrophic backtracking: long repetitive lines are rejected or matched at once."""
    for hostile in ("<a" * 50_000, "a " * 50_000, "1," * 50_000, "- " * 50_000):
        rule.matches(hostile)  # finishing is the assertion; pytest's run time shows a hang


def test_strip_inline_removes_only_the_token() -> None:
    shortcode = next(rule for rule in generic_rules() if rule.name == "ad-shortcode")
    assert (
        shortcode.remove_tokens("Talks resumed. [ad_2] Officials met.")
        == "Talks resumed.  Officials met."
    )


def test_capture_rule_validates_dates() -> None:
    published = next(rule for rule in generic_rules() if rule.name == "published-date")
    assert published.capture("Published: August 21, 2019") == "August 21, 2019"
    assert published.capture("Published: in the spring") is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"name": "x", "kind": "drop-line", "pattern": "(", "description": "d"}, "bad pattern"),
        (
            {"name": "x", "kind": "capture", "pattern": "(?P<value>a)", "description": "d"},
            "'field' goes with kind 'capture' only",
        ),
        (
            {
                "name": "x",
                "kind": "capture",
                "field": "nope",
                "pattern": "(?P<value>a)",
                "description": "d",
            },
            "unknown capture field",
        ),
    ],
)
def test_bad_rule_tables_are_refused_with_the_rule_named(
    table: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        rule_from_table(table, origin="test")


def test_every_kind_is_used_by_some_rule() -> None:
    assert {rule.kind for rule in ALL_RULES} == set(RuleKind)
