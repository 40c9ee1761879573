"""What can be done to a statement of case, as plain functions the routes, the CLI and the demo share."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ...dates import page_date, today
from ...drafting.facts import CitedDocument, StatementFacts
from ...drafting.markup import referenced_keys
from ...drafting.order import unopposed_orders
from ...drafting.parts import PART_KEYS, PART_TITLES, unfinished_parts
from ...drafting.position import DOES_NOT_OPPOSE, OPPOSES, POSITIONS, PositionError, check_position, conceded_lines
from ...drafting.references import UnpagedResolver
from ...drafting.template import draft_parts
from ...engine.template import load_template
from ...extensions import db
from ...models import Case, Role, StepSource, User
from ...models.audit import utc_now
from ...models.statements import (
    ReviewComment,
    StatementOfCase,
    StatementState,
    StatementTemplateOverride,
    StatementVersion,
)
from ..directions.records import working_calendar
from ..evidence import case_documents, evidence_store
from ..outcomes import add_order_steps
from . import rendering

WRITERS = (Role.send_officer, Role.tribunal_officer)
REVIEWERS = (Role.legal_reviewer,)
READERS = (*WRITERS, *REVIEWERS, Role.administrator)
EDITABLE = (StatementState.draft, StatementState.changes_requested)
# One sitting: a person's saves of parts, each within this long of their last, make one version, until someone
# else sees that version (it is sent to legal services, commented on or downloaded) or another kind of change comes.
SITTING = timedelta(minutes=30)

# action -> (states it starts from, state it leads to, roles that may take it)
TRANSITIONS = {
    "submit": (EDITABLE, StatementState.with_legal, WRITERS),
    "approve": ((StatementState.with_legal,), StatementState.approved, REVIEWERS),
    "request_changes": ((StatementState.with_legal,), StatementState.changes_requested, REVIEWERS),
}
ACTION_PAST = {"submit": "sent to legal services", "approve": "approved", "request_changes": "sent back for changes"}
AUDIT_ACTIONS = {"submit": "sent statement to legal", "approve": "approved statement",
                 "request_changes": "requested statement changes"}
DONE_MESSAGES = {
    "submit": "Statement sent to legal services for review.",  # with the warnings of what is left, if any
    "approve": "Statement approved and locked. It goes into the core section of the next bundle build.",
    "request_changes": "Statement sent back to the writer for changes. Say what to change in the comments.",
}


class StatementError(Exception):
    """A step that cannot be taken now; the message says what to do instead."""


def current_statement(case: Case) -> StatementOfCase | None:
    return db.session.scalar(select(StatementOfCase).where(StatementOfCase.case_id == case.id)
                             .order_by(StatementOfCase.id.desc()).limit(1))


def approved_statement(case: Case) -> StatementOfCase | None:
    return db.session.scalar(select(StatementOfCase).where(StatementOfCase.case_id == case.id,
                                                           StatementOfCase.state == StatementState.approved)
                             .order_by(StatementOfCase.id.desc()).limit(1))


@dataclass(frozen=True)
class Choices:
    """What the writer chooses for a statement, beyond the case's own details."""
    position: str = OPPOSES
    conceded: str = ""
    paper_decision: bool = False
    signatory: User | None = None

    @classmethod
    def of(cls, statement: StatementOfCase) -> Choices:
        return cls(statement.position, statement.conceded, statement.paper_decision, statement.signatory)


def statement_facts(case: Case, writer: User, choices: Choices = Choices()) -> StatementFacts:
    officer = case.officer or writer
    signatory = choices.signatory
    return StatementFacts(
        reference=case.reference, child_name=case.child_name, appellant_name=case.appellant_name,
        authority=current_app.config["AUTHORITY_NAME"], appeal_type=case.appeal_type,
        appeal_type_label=load_template().appeal_types.get(case.appeal_type, case.appeal_type),
        officer_name=officer.name, officer_title=officer.job_title, child_dob=case.child_dob,
        school=case.school or None, representative=case.representative or None,
        decision_letter_date=case.decision_letter_date, mediation_certificate_date=case.mediation_certificate_date,
        registration_date=case.registration_date, hearing_date=case.hearing_date,
        documents=tuple(CitedDocument(str(doc.id), doc.title, doc.document_date, doc.section)
                        for doc in case_documents(case)),
        as_of=today(), position=choices.position, conceded=tuple(conceded_lines(choices.conceded)),
        issues=tuple(case.issues or ()), extended_sections=tuple(case.extended_sections or ()),
        appellant_kind=case.appellant_kind or "parent", paper_decision=choices.paper_decision,
        signatory_name=signatory.name if signatory else "", signatory_title=signatory.job_title if signatory else "",
        document_address=case.team.document_address if case.team else "",
    )


def template_override() -> str | None:
    """The administrators' template, or None for the default."""
    latest = db.session.scalar(select(StatementTemplateOverride).order_by(StatementTemplateOverride.id.desc()))
    return latest.source if latest is not None and latest.source.strip() else None


def start_draft(case: Case, user: User, position: str = OPPOSES, conceded: str = "",
                paper_decision: bool = False) -> StatementOfCase:
    """A new draft: from the template (the reg 45 notice when the authority does not oppose), or from the
    approved statement when there is one."""
    current = current_statement(case)
    if current is not None and not current.locked:
        raise StatementError("This case already has a statement in progress. Open it and carry on with it.")
    choices = Choices(position, _checked(position, conceded), paper_decision)
    if current is None:
        parts = draft_parts(statement_facts(case, user, choices), template_override())
        note = "Started from the template"
    else:
        parts, choices = dict(current.latest.parts), Choices.of(current)
        note = f"Started from the statement approved on {page_date(current.approved_at)}"
    statement = StatementOfCase(case=case, created_by_id=user.id, based_on_id=current.id if current else None,
                                position=choices.position, conceded=choices.conceded,
                                paper_decision=choices.paper_decision,
                                signatory_id=choices.signatory.id if choices.signatory else None)
    db.session.add(statement)
    _add_version(statement, parts, user, note)
    return statement


def save_part(statement: StatementOfCase, key: str, text: str, user: User) -> StatementVersion | None:
    """Save one part as a new version; None when nothing changed."""
    if key not in PART_KEYS:
        raise StatementError(f"There is no part '{key}' in a statement of case.")
    if statement.state not in EDITABLE:
        raise StatementError(locked_message(statement))
    text = text.replace("\r\n", "\n")
    latest = statement.latest
    if latest.parts.get(key, "") == text:
        return None
    parts = dict(latest.parts, **{key: text})
    now = utc_now()
    if latest.open_until is not None and latest.saved_by_id == user.id and now <= latest.open_until:
        latest.parts, latest.saved_at = parts, now  # a new dict, so the JSON column sees the change
        latest.note = _edits_note(statement.versions[-2].parts, parts)
    else:
        latest = _add_version(statement, parts, user, f"Changed {PART_TITLES[key]}")
    latest.open_until = now + SITTING
    db.session.flush()
    return latest


def _edits_note(before: dict, after: dict) -> str:
    """"Changed Introduction, Legal framework": the parts a sitting changed."""
    changed = [PART_TITLES[key] for key in PART_KEYS if before.get(key, "") != after.get(key, "")]
    note = "Changed " + ", ".join(changed) if changed else "Changes undone"
    return note if len(note) <= 200 else f"Changed {len(changed)} parts"


def end_sitting(statement: StatementOfCase) -> None:
    """The latest version is now final: further saves make a new one."""
    statement.latest.open_until = None


def _checked(position: str, conceded: str) -> str:
    try:
        return check_position(position, conceded)
    except PositionError as exc:
        raise StatementError(str(exc)) from None


def set_position(statement: StatementOfCase, position: str, conceded: str, user: User,
                 paper_decision: bool | None = None) -> StatementVersion | None:
    """Change the authority's position (and whether it is content with a decision without a hearing) on a draft.
    Between opposing and opposing in part the introduction is written again, and the conclusion when the hearing
    choice changes; to or from not opposing, the document changes (a response or a reg 45 notice), so every part
    is written again from its template."""
    if statement.state not in EDITABLE:
        raise StatementError(locked_message(statement))
    paper_decision = statement.paper_decision if paper_decision is None else paper_decision
    choices = replace(Choices.of(statement), position=position, conceded=_checked(position, conceded),
                      paper_decision=paper_decision)
    if choices == Choices.of(statement):
        return None
    fresh = draft_parts(statement_facts(statement.case, user, choices), template_override())
    if DOES_NOT_OPPOSE in (position, statement.position) and position != statement.position:
        parts = fresh
    else:
        redo = ["introduction"] + (["conclusion"] if paper_decision != statement.paper_decision else [])
        parts = dict(statement.latest.parts, **{key: fresh[key] for key in redo})
    statement.position, statement.conceded, statement.paper_decision = position, choices.conceded, paper_decision
    note = f"Position: {POSITIONS[position]}" + ("; content with a decision without a hearing" if paper_decision
                                                  else "")
    return _add_version(statement, parts, user, note)


def set_signatory(statement: StatementOfCase, signatory: User, user: User) -> StatementVersion | None:
    """Choose who signs, from the administrators' list; the signature block is written again for them."""
    if statement.state not in EDITABLE:
        raise StatementError(locked_message(statement))
    if not (signatory.authorised_signatory and signatory.active):
        raise StatementError(f"{signatory.name} is not on the list of authorised signatories. Choose someone on "
                             "it, or ask an administrator to add them.")
    if statement.signatory_id == signatory.id:
        return None
    statement.signatory = signatory
    fresh = draft_parts(statement_facts(statement.case, user, Choices.of(statement)), template_override())
    parts = dict(statement.latest.parts, signature=fresh["signature"])
    return _add_version(statement, parts, user, f"Signatory: {signatory.name}")


def record_filed(statement: StatementOfCase, filed_on: date, user: User) -> list:
    """Record that the approved statement (or reg 45 notice) was sent to the Tribunal on `filed_on`. A notice
    starts the reg 45 timetable, counted from its date; returns the order steps added."""
    if not statement.locked:
        raise StatementError("Only an approved statement can be recorded as filed. Send it to legal services first.")
    if statement.filed_on is not None:
        raise StatementError(f"This was recorded as filed on {page_date(statement.filed_on)}. To file a changed "
                             "version, start a new draft from it.")
    if filed_on > today():
        raise StatementError("The filing date cannot be in the future. Record it on the day it is sent.")
    statement.filed_on, statement.filed_by_id = filed_on, user.id
    statement.filed_sha256 = _keep_filed_pdf(statement)
    if not statement.is_notice:
        return []
    case = statement.case
    kinds = unopposed_orders(case.appeal_type, case.issues or ())
    return add_order_steps(case, ",".join(kinds), StepSource.unopposed, filed_on, working_calendar())


def _keep_filed_pdf(statement: StatementOfCase) -> str:
    """Render the PDF that is filed, citing documents by title and date, and keep it (content-addressed, so it
    is never changed); return its hash."""
    with tempfile.TemporaryDirectory(prefix="filed-") as work:
        path = Path(work) / "filed.pdf"
        rendering.write_statement_pdf(statement.latest.parts, UnpagedResolver(rendering.catalogue(statement.case)),
                                      path, title=rendering.statement_title(statement),
                                      author=rendering.authority())
        return evidence_store().put_file(path).sha256


def locked_message(statement: StatementOfCase) -> str:
    if statement.locked:
        return "This statement is approved and locked. Start a new draft from it to make changes."
    return "This statement is with legal services. It can be changed again if they ask for changes."


def _add_version(statement: StatementOfCase, parts: dict, user: User, note: str) -> StatementVersion:
    number = len(statement.versions) + 1
    version = StatementVersion(number=number, parts=parts, note=note, saved_by_id=user.id)
    statement.versions.append(version)
    db.session.flush()
    return version


def transition(statement: StatementOfCase, action: str, user: User, bundle_version: int | None = None) -> None:
    sources, target, roles = TRANSITIONS[action]
    if user.role not in roles:
        raise PermissionError(action)
    if statement.state not in sources:
        raise StatementError(f"The statement is {statement.state.label.lower()}, so it cannot be "
                             f"{ACTION_PAST[action]} now. Reload the page to see where it is.")
    if action == "approve":
        left = outstanding(statement)
        if left:
            raise StatementError("The statement cannot be approved yet: " + " ".join(left))
    end_sitting(statement)
    statement.state = target
    if target == StatementState.with_legal:
        statement.sent_to_legal_at = utc_now()
    if target == StatementState.approved:
        statement.approved_at, statement.approved_by_id = utc_now(), user.id
        statement.approved_bundle_version = bundle_version


def outstanding(statement: StatementOfCase) -> list[str]:
    """What is left before the statement can be approved, each as a sentence saying what to do: template
    instructions still in the text, references to documents the case does not have, unresolved reviewer comments,
    and a signatory on the administrators' list. Approval is refused while any is left; sending to legal services
    shows them as warnings."""
    parts = statement.latest.parts
    left = []
    unfinished = unfinished_parts(parts)
    if unfinished:
        left.append("Replace the template's instructions in square brackets in: "
                    + ", ".join(PART_TITLES[key] for key in unfinished) + ".")
    known = set(rendering.catalogue(statement.case).documents)
    unknown = [key for text in parts.values() for key in referenced_keys(text or "") if key not in known]
    if unknown:
        left.append("Remove or correct the references to documents this case does not have: "
                    + ", ".join(f"[[doc:{key}]]" for key in dict.fromkeys(unknown)) + ".")
    open_comments = [comment for comment in statement.comments if not comment.resolved]
    if open_comments:
        left.append(f"Resolve the {len(open_comments)} open reviewer comment{'s' if len(open_comments) > 1 else ''} "
                    "(on " + ", ".join(dict.fromkeys(PART_TITLES.get(c.part_key, c.part_key)
                                                     for c in open_comments)) + ").")
    signatory = statement.signatory
    if signatory is None:
        left.append("Choose who signs it, from the list of authorised signatories.")
    elif not (signatory.authorised_signatory and signatory.active):
        left.append(f"{signatory.name} is no longer on the list of authorised signatories: choose someone who is.")
    return left


def add_comment(statement: StatementOfCase, key: str, body: str, user: User) -> ReviewComment:
    if key not in PART_KEYS:
        raise StatementError(f"There is no part '{key}' in a statement of case.")
    if statement.locked:
        raise StatementError(locked_message(statement))
    end_sitting(statement)
    comment = ReviewComment(part_key=key, version_number=statement.latest.number, body=body.strip(),
                            author_id=user.id)
    statement.comments.append(comment)
    db.session.flush()
    return comment


def answer_comment(comment: ReviewComment, answer: str, resolve: bool, user: User) -> None:
    if comment.statement.locked:
        raise StatementError(locked_message(comment.statement))
    if answer.strip():
        comment.answer, comment.answered_by_id = answer.strip(), user.id
    if resolve:
        comment.resolved_at = utc_now()
