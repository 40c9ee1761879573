"""The upload page behind an evidence request's link: no account, the child's initials only, no other documents."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from ... import dates
from ...extensions import limiter
from ...models.evidence import Party
from ...services import evidence
from ..access import audit
from ..uploads import checked_uploads, refused_messages, size_advice
from .forms import PublicUploadForm

bp = Blueprint("evidence_requests", __name__, url_prefix="/evidence-requests")
RECEIVED = "evidence_request_received"


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
        form.files.errors = refused_messages(refused)
        return upload_page(evidence_request, form)
    details = evidence.DocumentDetails(section=evidence_request.section, party=Party.local_authority,
                                       document_date=dates.today(), author=evidence_request.recipient_name)
    added = evidence.add_documents(case, uploads, details, user=None, request=evidence_request)
    for document in added:
        audit("uploaded through evidence request", case, document, detail=evidence_request.recipient_name)
    # Post, then redirect: refreshing the thank-you page must not send the files again. What arrived, and what
    # could not be used (so they can send another copy), travels to that page once, in the session.
    session[RECEIVED] = {"files": [d.original_filename for d in added],
                         "refused": [{"file": e.file, "reason": e.reason} for e in refused]}
    return redirect(url_for(".upload", token=token), 303)


def upload_page(evidence_request, form, received=None):
    case = evidence_request.case
    return render_template("evidence_requests/upload.html", evidence_request=evidence_request, form=form,
                           initials=evidence.child_initials(case), reference=case.reference,
                           received=received or {"files": [], "refused": []})


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
