"""Redacting a document: enter terms (or draw areas), confirm the matches, then the redacted copy is made in the
background. Works without JavaScript for terms; drawing areas needs the page's script."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ...engine.redact import RedactionError
from ...extensions import db
from ...models import Role
from ...models.evidence import Document, Review
from ...models.redaction import Redaction
from ...services import redaction as redactions
from ...services.evidence import evidence_store
from ..access import audit, case_for_user
from .forms import TermsForm

bp = Blueprint("redaction", __name__, url_prefix="/cases/<int:case_id>/evidence/<int:document_id>/redaction")

EDITORS = (Role.send_officer, Role.tribunal_officer, Role.administrator)


def case_and_document(case_id: int, document_id: int, roles=None):
    case = case_for_user(case_id, roles=roles)
    document = db.session.get(Document, document_id)
    if document is None or document.case_id != case.id:
        abort(404)
    return case, document


def redactable(case_id: int, document_id: int):
    """For an editor: a converted document on the case; 400 when it cannot be redacted now."""
    case, document = case_and_document(case_id, document_id, roles=EDITORS)
    if document.review == Review.rejected or not document.pdf_sha256:
        abort(400)
    return case, document


def show(case, document, form, status=200):
    return render_template("redaction/index.html", case=case, document=document, form=form,
                           redactions=redactions.redactions(document), running=redactions.running(document),
                           pages=redactions.preview_pages(document),
                           can_edit=current_user.role in EDITORS and document.pdf_sha256), status


@bp.get("")
def index(case_id, document_id):
    case, document = case_and_document(case_id, document_id)
    return show(case, document, TermsForm())


@bp.post("/matches")
def matches(case_id, document_id):
    """Find the terms and show each match for the officer to confirm; nothing is redacted yet."""
    case, document = redactable(case_id, document_id)
    form = TermsForm()
    if not form.validate_on_submit():
        return show(case, document, form, 400)
    terms = redactions.parse_terms(form.terms.data or "")
    try:
        areas = redactions.parse_areas(form.areas.data or "", document.page_count)
        found = redactions.matches(document, terms)
    except RedactionError as exc:
        form.terms.errors.append(str(exc))
        return show(case, document, form, 400)
    if not terms and not areas:
        form.terms.errors.append("Enter words to redact, or draw an area on a page")
        return show(case, document, form, 400)
    return render_template("redaction/confirm.html", case=case, document=document, terms=terms,
                           areas=form.areas.data or "", area_count=len(areas), found=found)


@bp.post("")
def start(case_id, document_id):
    """The confirmed matches and areas: record the redaction and queue the job that makes the copy."""
    case, document = redactable(case_id, document_id)
    terms = redactions.parse_terms(request.form.get("terms", ""))
    try:
        areas = redactions.parse_areas(request.form.get("areas", ""), document.page_count)
        chosen = {int(value) for value in request.form.getlist("match") if value.isdigit()}
        made = redactions.start(document, redactions.choose(redactions.matches(document, terms), chosen, areas),
                                areas, current_user)
    except RedactionError as exc:
        flash(str(exc), "error")
        return redirect(url_for("redaction.index", case_id=case.id, document_id=document.id), 303)
    audit("redacted", case, document, detail=redactions.summary(made))
    flash("The redacted copy is being made. The bundle will use it once it is ready.", "success")
    return redirect(url_for("redaction.index", case_id=case.id, document_id=document.id), 303)


@bp.get("/pages/<int:page>.png")
def page_image(case_id, document_id, page):
    """A preview of the bundle's copy (redacted, once there is one), to draw areas on; made on first request."""
    case, document = case_and_document(case_id, document_id)
    path = redactions.preview_page(document, page)
    if path is None:
        abort(404)
    audit("viewed page", case, document, detail=f"page {page} of the copy to redact")
    return send_file(path, mimetype="image/png", max_age=0)


@bp.get("/<int:redaction_id>/pdf")
def pdf(case_id, document_id, redaction_id):
    case, document = case_and_document(case_id, document_id)
    made = db.session.get(Redaction, redaction_id)
    if made is None or made.document_id != document.id or made.pdf_sha256 is None:
        abort(404)
    audit("viewed redacted PDF", case, document, detail=f"redaction {made.id}")
    return send_file(evidence_store().local_path(made.pdf_sha256), mimetype="application/pdf",
                     download_name=f"{document.title} (redacted).pdf", as_attachment=False, max_age=0)
