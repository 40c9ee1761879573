"""The provision rules in `bundler/rules/provision_checks.toml`, read into plain objects and compiled once."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "provision_checks.toml"
SEVERITIES = ("error", "warning", "info")
# Provision wording in B and educational therapy outside F must never be only info (issue 14).
AT_LEAST_WARNING = {"F14", "F15"}


class RulesError(ValueError):
    """The rules file is wrong; the message names the rule and the fix."""


@dataclass(frozen=True)
class ProvisionRule:
    id: str
    looks_for: str
    sections: tuple[str, ...]
    severity: str
    message: str
    better: str
    source: str
    patterns: tuple[re.Pattern, ...] = ()
    cured_by: tuple[re.Pattern, ...] = ()
    fields: tuple[str, ...] = ()
    year_from: int | None = None


@dataclass(frozen=True)
class ProvisionRules:
    rules: dict[str, ProvisionRule]        # the enabled rules, by id
    vocabulary: dict[str, re.Pattern]
    areas: dict[str, tuple[str, ...]]
    school_week_hours: float

    def get(self, rule_id: str) -> ProvisionRule | None:
        return self.rules.get(rule_id)


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"{where}: the pattern {pattern!r} is not a valid regular expression ({exc})") from None


def _rule(raw: dict, vocabulary: dict[str, re.Pattern]) -> ProvisionRule:
    rule_id = raw.get("id", "?")
    severity = raw.get("severity", "")
    if severity not in SEVERITIES:
        raise RulesError(f"rule {rule_id}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if rule_id in AT_LEAST_WARNING and severity == "info":
        raise RulesError(f"rule {rule_id}: this check must be at least a warning, not info")
    unknown = [name for name in raw.get("cured_by", []) if name not in vocabulary]
    if unknown:
        raise RulesError(f"rule {rule_id}: cured_by names {unknown}, which [vocabulary] does not define")
    return ProvisionRule(
        id=rule_id, looks_for=raw["looks_for"], sections=tuple(raw["sections"]), severity=severity,
        message=raw["message"], better=raw["better"], source=raw["source"],
        patterns=tuple(_compile(p, f"rule {rule_id}") for p in raw.get("patterns", [])),
        cured_by=tuple(vocabulary[name] for name in raw.get("cured_by", [])),
        fields=tuple(raw.get("fields", [])), year_from=raw.get("year_from"))


def parse_rules(data: dict) -> ProvisionRules:
    vocabulary = {name: _compile(p, f"vocabulary {name}") for name, p in data.get("vocabulary", {}).items()}
    rules = [_rule(raw, vocabulary) for raw in data.get("rule", []) if raw.get("enabled", True)]
    return ProvisionRules(rules={rule.id: rule for rule in rules}, vocabulary=vocabulary,
                          areas={name: tuple(words) for name, words in data.get("areas", {}).items()},
                          school_week_hours=float(data.get("school_week_hours", 32.5)))


@cache
def load_rules(path: Path = RULES_FILE) -> ProvisionRules:
    try:
        with open(path, "rb") as stream:
            return parse_rules(tomllib.load(stream))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path}: the provision rules cannot be read ({exc})") from None
