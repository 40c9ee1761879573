"""The bundle template: which sections a bundle has, in what order, and their page budgets.

The values are data (bundler/rules/bundle_template.toml) because the tribunal's Schedule One was not read
and an administrator must be able to correct them without a code change.
"""
import errno
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ManifestError

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "rules" / "bundle_template.toml"
_SECTION_KEYS = {"key", "letter", "title", "budget"}
_COMBINE = ("unconfirmed", "added", "largest")
HEALTH_AND_CARE_SECTIONS = ("C", "D", "G", "H1", "H2")


@dataclass(frozen=True)
class SectionTemplate:
    key: str
    letter: str
    title: str

    @property
    def heading(self) -> str:
        return f"{self.letter}. {self.title}"


@dataclass(frozen=True)
class ExtendedRule:
    """The extended-appeal flag (health and social care recommendations): where it may be set, and its budget."""
    label: str = "Extended appeal (health and social care recommendations)"
    sections: tuple[str, ...] = HEALTH_AND_CARE_SECTIONS
    not_for: tuple[str, ...] = ("refusal_to_assess",)
    evidence_budget: int | None = None
    evidence_sections: tuple[str, ...] = ()
    combine: str = "unconfirmed"


@dataclass(frozen=True)
class BudgetFigures:
    """The limit a section is checked against, and, for an extended appeal, the other figure and why it is shown."""
    applied: int | None
    extended: int | None = None
    note: str = ""


@dataclass(frozen=True)
class BundleTemplate:
    sections: list[SectionTemplate]
    appeal_types: dict[str, str]
    budgets: dict[str, dict[str, int]] = field(default_factory=dict)
    extended: ExtendedRule = field(default_factory=ExtendedRule)

    def section(self, key: str) -> SectionTemplate:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def budget(self, section_key: str, appeal_type: str, extended: bool = False) -> int | None:
        return self.budget_figures(section_key, appeal_type, extended).applied

    def budget_figures(self, section_key: str, appeal_type: str, extended: bool = False) -> BudgetFigures:
        """The underlying appeal type's limit; the extended flag may raise it but never lowers it."""
        base = self.budgets.get(section_key, {}).get(appeal_type)
        rule = self.extended
        if not extended or rule.evidence_budget is None or section_key not in rule.evidence_sections:
            return BudgetFigures(base)
        if base is None:
            return BudgetFigures(None)
        if rule.combine == "added":
            return BudgetFigures(base + rule.evidence_budget, rule.evidence_budget,
                                 f"{base} for the appeal plus {rule.evidence_budget} for the extended part")
        if rule.combine == "largest":
            return BudgetFigures(max(base, rule.evidence_budget), rule.evidence_budget)
        return BudgetFigures(base, rule.evidence_budget, (
            f"Checked against {base} pages, the limit for the appeal itself. Schedule One also gives "
            f"{rule.evidence_budget} pages for an extended appeal; whether that is added to the {base} is "
            f"unconfirmed (up to {base + rule.evidence_budget}) until someone reads Schedule One."))


def load_template(path_or_text=None) -> BundleTemplate:
    """Read a template from a path, from TOML text, or (None) the default file."""
    if path_or_text is None:
        path_or_text = DEFAULT_TEMPLATE
    if isinstance(path_or_text, Path) or "\n" not in path_or_text and _names_a_file(path_or_text):
        stat = Path(path_or_text).stat()
        return _load_file(str(path_or_text), stat.st_mtime_ns, stat.st_size)
    return _parse(path_or_text, "bundle template")


def _names_a_file(line: str) -> bool:
    try:
        return Path(line).is_file()
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:  # too long to be a file's name: a line of TOML
            return False
        raise


@lru_cache(maxsize=8)
def _load_file(path: str, mtime_ns: int, size: int) -> BundleTemplate:
    """A file's template, read once for each version of the file: pages ask for it on every request, and an
    administrator's edit (a new mtime or size) is read afresh."""
    return _parse(Path(path).read_text(encoding="utf-8"), path)


def _parse(text: str, source: str) -> BundleTemplate:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{source}: {exc}") from None
    return _template_from_dict(data, source)


def _template_from_dict(data: dict, source: str) -> BundleTemplate:
    appeal_types = data.get("appeal_types")
    if not isinstance(appeal_types, dict) or not appeal_types:
        raise ManifestError(f"{source}: add an [appeal_types] table naming each appeal type")
    sections, budgets = [], {}
    for n, raw in enumerate(data.get("sections") or [], start=1):
        where = f"{source}: sections[{n}]"
        unknown = set(raw) - _SECTION_KEYS
        if unknown:
            raise ManifestError(f"{where}: remove the unknown field(s) {', '.join(sorted(unknown))}")
        if not all(isinstance(raw.get(k), str) and raw[k].strip() for k in ("key", "letter", "title")):
            raise ManifestError(f"{where}: give each section a key, a letter and a title")
        sections.append(SectionTemplate(raw["key"], raw["letter"], raw["title"]))
        budgets[raw["key"]] = _budgets(raw.get("budget"), appeal_types, where)
    if not sections:
        raise ManifestError(f"{source}: add at least one [[sections]] entry")
    for attr in ("key", "letter"):
        values = [getattr(s, attr) for s in sections]
        if len(set(values)) != len(values):
            raise ManifestError(f"{source}: each section needs its own {attr}; {values} repeats one")
    return BundleTemplate(sections, dict(appeal_types), budgets, _extended(data.get("extended"), appeal_types,
                                                                          source))


def _extended(raw, appeal_types: dict, source: str) -> ExtendedRule:
    if raw is None:
        return ExtendedRule()
    where = f"{source}: [extended]"
    if "extended" in appeal_types:
        raise ManifestError(f"{source}: 'extended' is a flag on an appeal, not an appeal type; remove it from "
                            "[appeal_types] and describe it under [extended]")
    rule = ExtendedRule(label=str(raw.get("label", ExtendedRule.label)),
                        sections=tuple(raw.get("sections", HEALTH_AND_CARE_SECTIONS)),
                        not_for=tuple(raw.get("not_for", ())), evidence_budget=raw.get("evidence_budget"),
                        evidence_sections=tuple(raw.get("evidence_sections", ())),
                        combine=raw.get("combine", "unconfirmed"))
    if rule.combine not in _COMBINE:
        raise ManifestError(f"{where}.combine: use one of {', '.join(_COMBINE)}")
    budget = rule.evidence_budget
    if budget is not None and (not isinstance(budget, int) or isinstance(budget, bool) or budget < 1):
        raise ManifestError(f"{where}.evidence_budget: give a whole number of pages (1 or more)")
    unknown = set(rule.not_for) - set(appeal_types)
    if unknown:
        raise ManifestError(f"{where}.not_for: {', '.join(sorted(unknown))} is not one of the [appeal_types]")
    return rule


def _budgets(raw, appeal_types: dict, where: str) -> dict[str, int]:
    if raw is None:
        return {}
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = dict.fromkeys(appeal_types, raw)
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}.budget: give a number of pages, or a table of pages by appeal type")
    for appeal_type, pages in raw.items():
        if appeal_type not in appeal_types:
            raise ManifestError(f"{where}.budget: '{appeal_type}' is not one of the [appeal_types]")
        if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
            raise ManifestError(f"{where}.budget.{appeal_type}: give a whole number of pages (1 or more)")
    return dict(raw)
