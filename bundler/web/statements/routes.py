"""The statement of case pages: draft, edit each part, legal review, compare versions, download."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ...dates import page_date
from ...drafting.diff import compare_versions
from ...drafting.legal import LegalFrameworkError
from ...drafting.markup import reference_token
from ...drafting.order import OrderSoughtError
from ...drafting.parts import PART_KEYS, PART_TITLES, PARTS, numbered_blocks, parse_parts, unfinished_parts
from ...drafting.template import StatementTemplateError, check_template, default_template_text
from ...engine.errors import InputError
from ...extensions import db
from ...models import Role, User
from ...models.statements import ReviewComment, StatementTemplateOverride
from ...services.people import authorised_signatories
from ...services.statements import queue, rendering, workflow
from ...services.statements.workflow import READERS, REVIEWERS, WRITERS, StatementError
from ..access import audit, case_for_user, roles_required
from ..forms import ButtonForm
from .forms import AnswerForm, CommentForm, FiledForm, PartForm, PositionForm, SignatoryForm, TemplateForm

bp = Blueprint("statements", __name__)


def _statement_or_404(case):
    statement = workflow.current_statement(case)
    if statement is None:
        abort(404)
    return statement


@bp.get("/cases/<int:case_id>/statement")
def index(case_id):
    case = case_for_user(case_id, roles=READERS)
    statement = workflow.current_statement(case)
    if statement is None:
        return render_template("statements/index.html", case=case, statement=None, form=ButtonForm(),
                               position_form=PositionForm(), can_write=current_user.role in WRITERS)
    audit("viewed", case, statement, detail=f"version {statement.latest.number}")
    resolver = rendering.resolver_for(statement)
    comment_form = CommentForm(part=request.args.get("part"))
    comment_form.part.choices = [(spec.key, spec.title) for spec in PARTS]
    return render_template(
        "statements/index.html", case=case, statement=statement, form=ButtonForm(), comment_form=comment_form,
        parts=numbered_blocks(parse_parts(statement.latest.parts)), resolver=resolver,
        references=rendering.check_references(statement.latest, resolver),
        unfinished=unfinished_parts(statement.latest.parts), part_titles=PART_TITLES,
        latest_bundle=rendering.latest_bundle_number(case),
        can_write=current_user.role in WRITERS, can_review=current_user.role in REVIEWERS,
        editable=statement.state in workflow.EDITABLE, comments_by_part=_comments_by_part(statement),
        answer_form=AnswerForm(),
        position_form=PositionForm(position=statement.position, conceded=statement.conceded,
                                   paper_decision=statement.paper_decision),
        filed_form=FiledForm(), signatory_form=_signatory_form(statement), outstanding=workflow.outstanding(statement))


def _signatory_form(statement) -> SignatoryForm:
    form = SignatoryForm(signatory=statement.signatory_id or 0)
    form.signatory.choices = [(0, "Choose a signatory")] + [
        (person.id, f"{person.name}, {person.job_title}" if person.job_title else person.name)
        for person in authorised_signatories()]
    return form


def _comments_by_part(statement) -> dict[str, list[ReviewComment]]:
    grouped = {key: [] for key in PART_KEYS}
    for comment in statement.comments:
        grouped.setdefault(comment.part_key, []).append(comment)
    return grouped


@bp.post("/cases/<int:case_id>/statement/start")
def start(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    form = PositionForm()
    if form.validate_on_submit():
        try:
            statement = workflow.start_draft(case, current_user, form.position.data, form.conceded.data or "",
                                             form.paper_decision.data)
        except (StatementError, StatementTemplateError, LegalFrameworkError, OrderSoughtError) as exc:
            flash(str(exc))
        else:
            audit("started statement", case, statement, detail=statement.latest.note)
            flash("Draft statement started. Change each part, then send it to legal services.", "success")
    return redirect(url_for("statements.index", case_id=case.id))


@bp.post("/cases/<int:case_id>/statement/position")
def change_position(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    statement = _statement_or_404(case)
    form = PositionForm()
    if form.validate_on_submit():
        try:
            version = workflow.set_position(statement, form.position.data, form.conceded.data or "", current_user,
                                            form.paper_decision.data)
        except StatementError as exc:
            flash(str(exc))
        else:
            if version is not None:
                audit("changed statement", case, statement, detail=f"{version.note}: version {version.number}")
                flash(f"{version.note}. Saved as version {version.number}.", "success")
    else:
        flash(" ".join(error for errors in form.errors.values() for error in errors))
    return redirect(url_for("statements.index", case_id=case.id))


@bp.post("/cases/<int:case_id>/statement/signatory")
def choose_signatory(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    statement = _statement_or_404(case)
    form = _signatory_form(statement)
    if form.validate_on_submit():
        signatory = db.session.get(User, form.signatory.data) if form.signatory.data else None
        try:
            if signatory is None:
                raise StatementError("Choose a signatory from the list.")
            version = workflow.set_signatory(statement, signatory, current_user)
        except StatementError as exc:
            flash(str(exc))
        else:
            if version is not None:
                audit("changed statement", case, statement, detail=f"{version.note}: version {version.number}")
                flash(f"{signatory.name} will sign. Saved as version {version.number}.", "success")
    else:
        flash(" ".join(error for errors in form.errors.values() for error in errors))
    return redirect(url_for("statements.index", case_id=case.id))


@bp.post("/cases/<int:case_id>/statement/filed")
def record_filed(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    statement = _statement_or_404(case)
    form = FiledForm()
    if form.validate_on_submit():
        try:
            added = workflow.record_filed(statement, form.filed_on.data, current_user)
        except (StatementError, OrderSoughtError) as exc:
            flash(str(exc))
        else:
            audit("filed statement", case, statement, detail=f"on {form.filed_on.data.isoformat()}, version "
                                                             f"{statement.latest.number}")
            flash("Recorded as filed." + (f" The regulation 45 timetable has started: {len(added)} step"
                                           f"{'s' if len(added) != 1 else ''} added to the timetable."
                                           if added else ""), "success")
    else:
        flash(" ".join(error for errors in form.errors.values() for error in errors))
    return redirect(url_for("statements.index", case_id=case.id))


@bp.route("/cases/<int:case_id>/statement/parts/<key>", methods=["GET", "POST"])
def edit_part(case_id, key):
    case = case_for_user(case_id, roles=WRITERS)
    statement = _statement_or_404(case)
    if key not in PART_KEYS:
        abort(404)
    if statement.state not in workflow.EDITABLE:
        flash(workflow.locked_message(statement))
        return redirect(url_for("statements.index", case_id=case.id))
    form = PartForm(text=statement.latest.parts.get(key, ""))
    documents = workflow.case_documents(case)
    form.document.choices = [("", "Select a document")] + [
        (str(doc.id), f"{doc.title}, {page_date(doc.document_date)}") for doc in documents]
    if form.validate_on_submit():
        if form.insert.data:
            return _with_inserted_reference(form, case, statement, key, documents)
        version = workflow.save_part(statement, key, form.text.data or "", current_user)
        if version is not None:
            audit("changed statement", case, statement, detail=f"{PART_TITLES[key]}: version {version.number}")
            flash(f"{PART_TITLES[key]} saved in version {version.number}.", "success")
        return redirect(url_for("statements.index", case_id=case.id, _anchor=f"part-{key}"))
    return _part_page(form, case, statement, key)


def _with_inserted_reference(form, case, statement, key, documents):
    """Without JavaScript the token goes at the end of the text; nothing is saved until Save is pressed."""
    if form.document.data not in {str(doc.id) for doc in documents}:
        form.document.errors = ["Select the document to cite"]
    else:
        text = form.text.data or ""
        form.text.data = f"{text} {reference_token(form.document.data)}" if text else reference_token(
            form.document.data)
        flash("Reference added at the end of the text. Move it where it belongs, then save.")
    return _part_page(form, case, statement, key)


def _part_page(form, case, statement, key):
    return render_template("statements/part.html", case=case, statement=statement, key=key,
                           title=PART_TITLES[key], form=form,
                           comments=[c for c in statement.comments if c.part_key == key and not c.resolved])


@bp.post("/cases/<int:case_id>/statement/<any(submit, approve, request_changes):action>")
def change_state(case_id, action):
    roles = WRITERS if action == "submit" else REVIEWERS
    case = case_for_user(case_id, roles=roles)
    statement = _statement_or_404(case)
    if ButtonForm().validate_on_submit():
        try:
            workflow.transition(statement, action, current_user, rendering.latest_bundle_number(case))
        except StatementError as exc:
            flash(str(exc))
        else:
            audit(workflow.AUDIT_ACTIONS[action], case, statement, detail=f"version {statement.latest.number}")
            flash(workflow.DONE_MESSAGES[action], "success")
            if action == "submit":
                _after_submit(statement)
    return redirect(url_for("statements.index", case_id=case.id))


def _after_submit(statement) -> None:
    """Warn of what is left before approval, and e-mail the team's legal reviewers (when SMTP is configured)."""
    left = workflow.outstanding(statement)
    if left:
        flash("Legal services will not be able to approve it until this is done: " + " ".join(left))
    for problem in queue.tell_legal_reviewers(statement, current_user):
        flash(f"{problem} The statement is with legal services: tell them another way.")


@bp.post("/cases/<int:case_id>/statement/comments")
def add_comment(case_id):
    case = case_for_user(case_id, roles=REVIEWERS)
    statement = _statement_or_404(case)
    form = CommentForm()
    form.part.choices = [(spec.key, spec.title) for spec in PARTS]
    if form.validate_on_submit():
        try:
            comment = workflow.add_comment(statement, form.part.data, form.body.data, current_user)
        except StatementError as exc:
            flash(str(exc))
        else:
            audit("commented on statement", case, comment, detail=PART_TITLES[comment.part_key])
            flash(f"Comment added on {PART_TITLES[comment.part_key]}.", "success")
    else:
        flash(" ".join(error for errors in form.errors.values() for error in errors))
    return redirect(url_for("statements.index", case_id=case.id, _anchor="comment"))


@bp.post("/cases/<int:case_id>/statement/comments/<int:comment_id>")
def answer_comment(case_id, comment_id):
    case = case_for_user(case_id, roles=WRITERS)
    statement = _statement_or_404(case)
    comment = db.session.get(ReviewComment, comment_id)
    if comment is None or comment.statement_id != statement.id:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        if not form.answer.data and not form.resolve.data:
            flash("Enter an answer, or mark the comment as resolved.")
        else:
            try:
                workflow.answer_comment(comment, form.answer.data or "", form.resolve.data, current_user)
            except StatementError as exc:
                flash(str(exc))
            else:
                audit("answered comment", case, comment, detail="resolved" if form.resolve.data else "answered")
                flash("Comment resolved." if form.resolve.data else "Answer saved.", "success")
    return redirect(url_for("statements.index", case_id=case.id, _anchor=f"comment-{comment.id}"))


@bp.get("/cases/<int:case_id>/statement/compare")
def compare(case_id):
    case = case_for_user(case_id, roles=READERS)
    statement = _statement_or_404(case)
    numbers = [version.number for version in statement.versions]
    old_number = request.args.get("from", type=int) or max(numbers[-1] - 1, 1)
    new_number = request.args.get("to", type=int) or numbers[-1]
    if old_number not in numbers or new_number not in numbers:
        abort(404)
    old, new = statement.versions[old_number - 1], statement.versions[new_number - 1]
    audit("compared statement versions", case, statement, detail=f"{old_number} and {new_number}")
    diffs = compare_versions(old.parts, new.parts, rendering.resolver_for(statement))
    return render_template("statements/compare.html", case=case, statement=statement, old=old, new=new,
                           diffs=diffs, numbers=numbers)


@bp.get("/cases/<int:case_id>/statement/download/<any(docx, pdf):fmt>")
def download(case_id, fmt):
    case = case_for_user(case_id, roles=READERS)
    statement = _statement_or_404(case)
    try:
        path = rendering.render_to_temp(statement, fmt)
    except InputError as exc:
        flash(exc.reason)
        return redirect(url_for("statements.index", case_id=case.id))
    workflow.end_sitting(statement)  # the copy is of this version, so later saves make a new one
    audit("downloaded statement", case, statement, detail=f"{fmt}, version {statement.latest.number}")
    response = send_file(path, mimetype=rendering.FORMATS[fmt], as_attachment=True,
                         download_name=rendering.download_name(statement, fmt))
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response


@bp.route("/admin/statement-template", methods=["GET", "POST"])
@roles_required(Role.administrator)
def template():
    current = workflow.template_override()
    form = TemplateForm(source=current or default_template_text())
    if form.validate_on_submit():
        source = "" if form.restore.data else form.source.data or ""
        try:
            if source:
                check_template(source)
        except StatementTemplateError as exc:
            form.source.errors = [str(exc)]
        else:
            override = StatementTemplateOverride(source=source, saved_by_id=current_user.id)
            db.session.add(override)
            audit("changed statement template", obj=override, detail="default" if not source else "edited")
            flash("New drafts will use the default template." if not source else
                  "Template saved. New drafts will use it.", "success")
            return redirect(url_for("statements.template"))
    return render_template("statements/template.html", form=form, using_default=current is None)
