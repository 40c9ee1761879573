"""Apply the provision rules to a plan: text rules per paragraph, field checks per provision row, plan-wide checks.

A finding quotes the phrase and its sentence and says why; the plan's text is never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .plan import Plan, ProvisionRow, Section
from .rules import ProvisionRule, ProvisionRules, load_rules

# Rules that look across sections, or add up the plan, rather than at one paragraph.
PLAN_RULES = {"F14", "F17", "F18", "F19"}
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9(])")
# A next sentence starting like this is about the same provision, so its quantity can cure the word.
CONTINUES = re.compile(r"^(this|these|it|they|each session|sessions|the sessions?|the support|the programme)\b",
                       re.IGNORECASE)
YEAR_GROUP = re.compile(r"\b(?:(?:is |currently )?in|year group:?|national curriculum year:?|NC year:?)\s*"
                        r"(?:year\s*)?(\d{1,2})\b", re.IGNORECASE)
WEEKLY_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*hours?\s+(?:a|per|each)\s+week|(\d+(?:\.\d+)?)\s*hours?\s+weekly",
                          re.IGNORECASE)
YEAR_IN_F = re.compile(r"\byear (group|\d+)\b", re.IGNORECASE)
THERAPIES = {"speech": r"speech and language|SALT|SLT", "ot": r"occupational therap|\bOT\b",
             "physio": r"physiotherap", "cbt": r"\bCBT\b|cognitive behavioural"}


@dataclass(frozen=True)
class Finding:
    section: str | None
    paragraph: int          # counts the section's non-empty paragraphs from 1
    rule: str
    severity: str
    phrase: str
    message: str
    sentence: str
    better: str
    source: str


def check_plan(plan: Plan, rules: ProvisionRules | None = None) -> list[Finding]:
    rules = rules or load_rules()
    findings: list[Finding] = []
    for section in plan.sections:
        for number, item in enumerate(section.items, 1):
            findings += check_item(section.code, number, item, rules)
    findings += _plan_findings(plan, rules)
    order = {section.code: n for n, section in enumerate(plan.sections)}
    return sorted(findings, key=lambda f: (order.get(f.section, -1), f.paragraph, f.rule))


def check_item(section: str, number: int, item: str | ProvisionRow, rules: ProvisionRules) -> list[Finding]:
    """The findings for one paragraph or provision row of a section."""
    is_row = isinstance(item, ProvisionRow)
    text = item.text() if is_row else item
    findings = []
    for rule in rules.rules.values():
        if section not in rule.sections or rule.id in PLAN_RULES or not rule.patterns:
            continue
        hit = _first_uncured(rule, text, rules)
        if hit:
            findings.append(_finding(rule, section, number, *hit))
    if section == "F":
        findings += _row_findings(number, item, rules) if is_row else _who_findings(number, text, rules)
    return findings


def _finding(rule: ProvisionRule, section: str | None, number: int, phrase: str, sentence: str,
             message: str = "") -> Finding:
    return Finding(section, number, rule.id, rule.severity, phrase, message or rule.message, sentence,
                   rule.better, rule.source)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def _first_uncured(rule: ProvisionRule, text: str, rules: ProvisionRules) -> tuple[str, str] | None:
    parts = sentences(text)
    for n, sentence in enumerate(parts):
        window = sentence
        if n + 1 < len(parts) and CONTINUES.match(parts[n + 1]):
            window += " " + parts[n + 1]
        for pattern in rule.patterns:
            match = pattern.search(sentence)
            if match and not _cured(rule, window, rules):
                return match.group(0), sentence
    return None


def _cured(rule: ProvisionRule, window: str, rules: ProvisionRules) -> bool:
    frequency, review = rules.vocabulary.get("frequency"), rules.vocabulary.get("review_words")
    for cure in rule.cured_by:
        for match in cure.finditer(window):
            # "reviewed termly" says how often it is checked, not how often it is given
            if cure is frequency and review is not None and review.search(window[:match.start()]):
                continue
            return True
    return False


def _who_findings(number: int, text: str, rules: ProvisionRules) -> list[Finding]:
    rule = rules.get("F12")
    vocabulary = rules.vocabulary
    if rule is None or not vocabulary["delivery"].search(text):
        return []
    who = vocabulary["who"].search(text)
    if who is None:
        return [_finding(rule, "F", number, vocabulary["delivery"].search(text).group(0), text,
                         "It does not say who delivers this (role, and qualification or training).")]
    if not vocabulary["qualified"].search(text):
        return [_finding(rule, "F", number, who.group(0), text,
                         f"\"{who.group(0)}\" is named without a qualification or training (the level of expertise).")]
    return []


def _row_findings(number: int, row: ProvisionRow, rules: ProvisionRules) -> list[Finding]:
    findings = []
    labels = {"frequency": "how often", "duration": "how long", "monitored_by": "who monitors it"}
    for rule_id in ("F11", "F13"):
        rule = rules.get(rule_id)
        for field in rule.fields if rule else ():
            if not getattr(row, field).strip():
                findings.append(_finding(rule, "F", number, row.what, row.text(),
                                         f"The row does not say {labels.get(field, field)}. {rule.message}"))
    rule = rules.get("F12")
    if rule and not row.who.strip():
        findings.append(_finding(rule, "F", number, row.what, row.text(), "The row does not say who delivers it."))
    elif rule and not (row.qualification.strip() or rules.vocabulary["qualified"].search(row.who)):
        findings.append(_finding(rule, "F", number, row.who, row.text(),
                                 f"\"{row.who}\" is named without a qualification or training."))
    return findings


def _plan_findings(plan: Plan, rules: ProvisionRules) -> list[Finding]:
    f_section = plan.section("F")
    f_text = " ".join(f_section.paragraphs()) if f_section else ""
    return [*_therapy_outside_f(plan, f_text, rules), *_adulthood(plan, f_text, rules),
            *_out_of_year_group(plan, f_text, rules), *_school_week(f_section, rules)]


def _therapy_outside_f(plan: Plan, f_text: str, rules: ProvisionRules) -> list[Finding]:
    rule = rules.get("F14")
    findings = []
    for section in plan.sections if rule else ():
        if section.code not in rule.sections:
            continue
        for number, text in enumerate(section.paragraphs(), 1):
            match = rule.patterns[0].search(text)
            kind = match and next(k for k, p in THERAPIES.items() if re.search(p, match.group(0), re.IGNORECASE))
            if match and not re.search(THERAPIES[kind], f_text, re.IGNORECASE):
                findings.append(_finding(rule, section.code, number, match.group(0), text))
    return findings


def _located_paragraphs(plan: Plan, codes: tuple[str | None, ...]):
    """(section code, paragraph number, text) for the preamble (code None) and the given sections."""
    if None in codes:
        yield from ((None, n, text) for n, text in enumerate(plan.preamble, 1))
    for section in plan.sections:
        if section.code in codes:
            yield from ((section.code, n, text) for n, text in enumerate(section.paragraphs(), 1))


def _adulthood(plan: Plan, f_text: str, rules: ProvisionRules) -> list[Finding]:
    rule = rules.get("F17")
    if rule is None or any(pattern.search(f_text) for pattern in rule.patterns):
        return []
    for code, number, text in _located_paragraphs(plan, (None, "A", "B")):
        match = YEAR_GROUP.search(text)
        if match and int(match.group(1)) >= (rule.year_from or 9):
            return [_finding(rule, code, number, match.group(0), text)]
    return []


def _out_of_year_group(plan: Plan, f_text: str, rules: ProvisionRules) -> list[Finding]:
    rule = rules.get("F18")
    if rule is None or YEAR_IN_F.search(f_text):
        return []
    others = tuple(section.code for section in plan.sections if section.code != "F")
    for code, number, text in _located_paragraphs(plan, (None, *others)):
        match = next((m for p in rule.patterns if (m := p.search(text))), None)
        if match:
            return [_finding(rule, code, number, match.group(0), text)]
    return []


def _school_week(f_section: Section | None, rules: ProvisionRules) -> list[Finding]:
    rule = rules.get("F19")
    total = 0.0
    for number, text in enumerate(f_section.paragraphs() if rule and f_section else (), 1):
        for match in WEEKLY_HOURS.finditer(text):
            total += float(match.group(1) or match.group(2))
            if total > rules.school_week_hours:
                return [_finding(rule, "F", number, match.group(0), text,
                                 f"The weekly hours in Section F add up to at least {total:g}, more than the "
                                 f"{rules.school_week_hours:g}-hour school week: check they can all be delivered.")]
    return []
