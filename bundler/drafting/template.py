"""The statement template: a Jinja2 template with one block per part, editable by administrators.

The default is `bundler/rules/statement_template.md.j2`; the web app may pass an override's text instead. It runs in
Jinja's sandbox because administrators edit it in the browser.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ..dates import page_date
from .facts import StatementFacts, chronology
from .legal import legal_framework
from .markup import reference_token
from .order import order_sought
from .parts import PART_KEYS
from .position import DOES_NOT_OPPOSE

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "rules" / "statement_template.md.j2"
# Not opposing is a notice under reg 45, not a response: its own template.
NOTICE_TEMPLATE = DEFAULT_TEMPLATE.with_name("reg45_notice.md.j2")


class StatementTemplateError(ValueError):
    pass


def default_template_text() -> str:
    return DEFAULT_TEMPLATE.read_text(encoding="utf-8")


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["long_date"] = page_date  # the name administrators' templates use
    env.globals["ref"] = reference_token
    return env


def check_template(source: str):
    """Compile `source`, raising StatementTemplateError with the line and what to change."""
    try:
        template = _environment().from_string(source)
    except TemplateSyntaxError as exc:
        raise StatementTemplateError(f"Line {exc.lineno} of the statement template: {exc.message}.") from exc
    unknown = sorted(set(template.blocks) - set(PART_KEYS))
    if unknown:
        raise StatementTemplateError(f"The statement template has blocks {', '.join(unknown)} that are not parts "
                                     f"of a statement. Use only: {', '.join(PART_KEYS)}.")
    return template


def draft_parts(facts: StatementFacts, source: str | None = None) -> dict[str, str]:
    """The text of every part of a new draft, in part order (parts the template leaves out are empty). When the
    authority does not oppose, the draft is the reg 45 notice, whatever the response template says."""
    if facts.position == DOES_NOT_OPPOSE:
        source = NOTICE_TEMPLATE.read_text(encoding="utf-8")
    template = check_template(default_template_text() if source is None else source)
    variables = asdict(facts)
    variables.update(documents=facts.documents, chronology=chronology(facts), issue_lines=facts.issue_lines,
                     extended=facts.extended,
                     legal_framework=legal_framework(facts.appeal_type, issues=facts.issues,
                                                     extended=facts.extended_sections),
                     order_sought=order_sought(facts.appeal_type, issues=facts.issues,
                                               extended=facts.extended_sections))
    context = template.new_context(variables)
    parts = {}
    for key in PART_KEYS:
        render = template.blocks.get(key)
        try:
            parts[key] = "".join(render(context)).strip() + "\n" if render else ""
        except TemplateError as exc:
            raise StatementTemplateError(f"The '{key}' block of the statement template failed: {exc}. "
                                         "Correct the template and start the draft again.") from exc
    return parts
