"""The upload page behind an evidence request's link: no account, the child's initials only, no other documents."""

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from ...extensions import db, limiter
from ...models.evidence import Document, Party, Review
from ...services import evidence
from ..access import audit
from ..uploads import checked_uploads, describe_documents, describe_form, refused_message, size_advice
from .forms import PublicUploadForm

bp = Blueprint("evidence_requests", __name__, url_prefix="/evidence-requests")
RECEIVED = "evidence_request_received"
TO_DESCRIBE = "evidence_request_to_describe"  # the files just sent, which the sender may describe


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def upload(token):
    evidence_request = evidence.request_for_token(token)
    if evidence_request is None:
        return render_template("evidence_requests/closed.html"), 404
    case = evidence_request.case
    form = PublicUploadForm()
    if not form.validate_on_submit():
        return upload_page(evidence_request, form, session.pop(RECEIVED, None))
    uploads, refused = checked_uploads(form.files)
    if not uploads:
        form.files.errors = [refused_message(refused)]
        return upload_page(evidence_request, form)
    details = evidence.DocumentDetails(section=evidence_request.section, party=Party.local_authority,
                                       author=evidence_request.recipient_name)
    added = evidence.add_documents(case, uploads, details, user=None, request=evidence_request)
    for document in added:
        audit("uploaded through evidence request", case, document, detail=evidence_request.recipient_name)
    # Post, then redirect: refreshing the thank-you page must not send the files again. What arrived, and what
    # could not be used (so they can send another copy), travels to that page once, in the session.
    session[RECEIVED] = {"files": [d.original_filename for d in added],
                         "refused": [{"file": e.file, "reason": e.reason} for e in refused]}
    session[TO_DESCRIBE] = {"request": evidence_request.id, "ids": [d.id for d in added]}
    return redirect(url_for(".upload", token=token), 303)


def files_to_describe(evidence_request) -> list[Document]:
    """The files this browser has just sent through this request, while they still await review."""
    held = session.get(TO_DESCRIBE) or {}
    if held.get("request") != evidence_request.id:
        return []
    found = [db.session.get(Document, document_id) for document_id in held["ids"]]
    return [d for d in found if d is not None and d.evidence_request_id == evidence_request.id
            and d.review == Review.pending]


@bp.post("/<token>/describe")
@limiter.limit("30 per minute")
def describe(token):
    """The sender's title, date and note for each file just sent, for the officer who reviews them."""
    evidence_request = evidence.request_for_token(token)
    if evidence_request is None:
        return render_template("evidence_requests/closed.html"), 404
    documents = files_to_describe(evidence_request)
    if not documents:
        abort(400)
    form = describe_form(documents, staff=False)
    if not form.validate_on_submit():
        return upload_page(evidence_request, PublicUploadForm(formdata=None), describing=form), 400
    describe_documents(form, documents)
    for document in documents:
        audit("described through evidence request", evidence_request.case, document,
              detail=evidence_request.recipient_name)
    session.pop(TO_DESCRIBE)
    session[RECEIVED] = {"files": [], "refused": [], "described": len(documents)}
    return redirect(url_for(".upload", token=token), 303)


def upload_page(evidence_request, form, received=None, describing=None):
    case = evidence_request.case
    if describing is None:
        documents = files_to_describe(evidence_request)
        describing = describe_form(documents, staff=False, fresh=True) if documents else None
    files = describing.file_fields(files_to_describe(evidence_request)) if describing else []
    return render_template("evidence_requests/upload.html", evidence_request=evidence_request, form=form,
                           initials=evidence.child_initials(case), reference=case.reference,
                           received=received or {"files": [], "refused": []}, describing=describing, files=files)


def upload_page_with_error(message: str, status: int):
    """The upload page again with what to do, for whoever has the link: they have no account, so the staff
    error pages (sign in again, go to the start page) would lead them nowhere."""
    evidence_request = evidence.request_for_token(request.view_args.get("token", ""))
    if evidence_request is None:
        return render_template("evidence_requests/closed.html"), 404
    form = PublicUploadForm(formdata=None)
    form.files.errors = [message]
    return upload_page(evidence_request, form), status


@bp.errorhandler(CSRFError)
def page_expired(error):
    return upload_page_with_error("This page was open a long time, so your files were not sent. "
                                  "Choose them again and select Send files.", 400)


@bp.errorhandler(413)
def too_large(error):
    return upload_page_with_error(f"Your files were not sent. {size_advice()}", 413)
