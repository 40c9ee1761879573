"""Evidence on a case: the list by bundle section, uploads, ordering, review, previews and evidence requests."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, session, url_for
from flask_login import current_user

from ... import dates
from ...extensions import db
from ...models import Role
from ...models.evidence import OCR_STATES, Document, EvidenceRequest, Party, Review
from ...services import evidence
from ..access import audit, case_for_user
from ..uploads import checked_uploads, describe_documents, describe_form, refused_message, refused_messages, size_advice
from .forms import DocumentForm, EvidenceRequestForm, PlaceForm, UploadForm

bp = Blueprint("evidence", __name__, url_prefix="/cases/<int:case_id>/evidence")

EDITORS = (Role.send_officer, Role.tribunal_officer, Role.administrator)
NEW_LINK = "new_evidence_link"


def too_large(error):
    """Uploads over MAX_CONTENT_LENGTH: say what to do instead of a bare 413."""
    return render_template("errors/error.html", title="The files are too large", advice=size_advice()), 413


bp.register_error_handler(413, too_large)


def case_document(case, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.case_id != case.id:
        abort(404)
    return document


def case_request(case, request_id: int) -> EvidenceRequest:
    evidence_request = db.session.get(EvidenceRequest, request_id)
    if evidence_request is None or evidence_request.case_id != case.id:
        abort(404)
    return evidence_request


def document_under_review(case_id: int, document_id: int, review: Review):
    """The case and its document, for an editor to act on; 400 (reload the page) when the document is no longer
    in `review`, e.g. a colleague removed it from the case."""
    case = case_for_user(case_id, roles=EDITORS)
    document = case_document(case, document_id)
    if document.review != review:
        abort(400)
    return case, document


@bp.get("")
def index(case_id):
    case = case_for_user(case_id)
    documents = evidence.case_documents(case)
    converting = [d for d in documents + evidence.case_documents(case, Review.pending) if d.status == "converting"]
    out_of_order = {key: evidence.out_of_order([d for d in documents if d.section == key])
                    for key, _ in evidence.section_choices()}
    return render_template(
        "evidence/index.html", case=case, documents=documents, sections=evidence.section_choices(),
        out_of_order=out_of_order,
        pending=evidence.case_documents(case, Review.pending), converting=converting,
        requests=case_requests(case), today=dates.today(), now=evidence.utc_now(),
        can_edit=current_user.role in EDITORS)


def case_requests(case) -> list[EvidenceRequest]:
    return db.session.scalars(db.select(EvidenceRequest).where(EvidenceRequest.case_id == case.id)
                              .order_by(EvidenceRequest.due_date)).all()


@bp.get("/progress")
def progress(case_id):
    """For the page's script: whether any conversion is still running."""
    case = case_for_user(case_id)
    documents = evidence.case_documents(case) + evidence.case_documents(case, Review.pending)
    waiting = [d for d in documents if d.status == "converting"]
    return jsonify(converting=len(waiting), finished=not waiting)


@bp.route("/upload", methods=["GET", "POST"])
def upload(case_id):
    case = case_for_user(case_id, roles=EDITORS)
    form = UploadForm()
    form.set_choices()
    if request.method == "GET":
        form.party.data = Party.local_authority.value
    if not form.validate_on_submit():
        return render_template("evidence/upload.html", case=case, form=form)
    uploads, refused = checked_uploads(form.files)
    if not uploads:
        form.files.errors = [refused_message(refused)]
        return render_template("evidence/upload.html", case=case, form=form)
    details = evidence.DocumentDetails(
        section=form.section.data, party=Party(form.party.data), document_date=form.document_date.data,
        author=form.author.data or "", ocr=not form.no_ocr.data)
    added = evidence.add_documents(case, uploads, details, user=current_user)
    for document in added:
        audit("uploaded", case, document, detail=document.original_filename)
    report_duplicates(added)
    flash(f"{len(added)} file(s) uploaded. They are being converted for the bundle.", "success")
    for message in refused_messages(refused):
        flash(message, "error")
    if len(added) > 1:  # a batch: each file its own title, section, author and date
        return redirect(url_for("evidence.describe", case_id=case.id, document=[d.id for d in added]))
    return redirect(url_for("evidence.index", case_id=case.id))


@bp.route("/describe", methods=["GET", "POST"])
def describe(case_id):
    """One set of details per file of a batch just uploaded, prefilled with the batch's and any date read."""
    case = case_for_user(case_id, roles=EDITORS)
    ids = [int(value) for value in request.args.getlist("document") if value.isdigit()]
    documents = [case_document(case, document_id) for document_id in dict.fromkeys(ids)]
    if not documents or any(d.review != Review.accepted for d in documents):
        abort(404)
    form = describe_form(documents, staff=True)
    if form.validate_on_submit():
        describe_documents(form, documents)
        for document in documents:
            audit("changed", case, document, detail="described after upload")
        flash(f"Details saved for {len(documents)} document(s).", "success")
        return redirect(url_for("evidence.index", case_id=case.id))
    return render_template("evidence/describe.html", case=case, form=form,
                           files=form.file_fields(documents)), 400 if form.errors else 200


def report_duplicates(documents: list[Document]) -> None:
    for document in documents:
        if document.duplicate_of_id:
            flash(f"{document.original_filename} is the same file as '{document.duplicate_of.title}', "
                  "already on this case. Check whether you need both.", "warning")


@bp.get("/<int:document_id>")
def document(case_id, document_id):
    case = case_for_user(case_id)
    document = case_document(case, document_id)
    audit("viewed", case, document)
    return render_template("evidence/document.html", case=case, document=document,
                           section_title=evidence.section_title(document.section), ocr_states=OCR_STATES,
                           can_edit=current_user.role in EDITORS)


@bp.get("/<int:document_id>/pages/<int:page>.png")
def page_image(case_id, document_id, page):
    """A page's preview, made on the first request for it."""
    case = case_for_user(case_id)
    document = case_document(case, document_id)
    path = evidence.preview_page(document, page)
    if path is None:
        abort(404)
    audit("viewed page", case, document, detail=f"page {page}")
    return send_file(path, mimetype="image/png", max_age=0)


@bp.get("/<int:document_id>/pdf")
def pdf(case_id, document_id):
    case = case_for_user(case_id)
    document = case_document(case, document_id)
    if not document.pdf_sha256:
        abort(404)
    audit("viewed PDF", case, document)
    return send_file(evidence.evidence_store().local_path(document.pdf_sha256), mimetype="application/pdf",
                     download_name=f"{document.title}.pdf", as_attachment=False, max_age=0)


@bp.get("/<int:document_id>/original")
def original(case_id, document_id):
    case = case_for_user(case_id)
    document = case_document(case, document_id)
    audit("downloaded", case, document, detail=document.original_filename)
    return send_file(evidence.evidence_store().local_path(document.original_sha256),
                     mimetype="application/octet-stream", download_name=document.original_filename,
                     as_attachment=True, max_age=0)


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
def edit(case_id, document_id):
    case, document = document_under_review(case_id, document_id, Review.accepted)
    form = DocumentForm(obj=document)
    form.set_choices()
    if request.method == "GET":
        form.party.data = document.party.value
    if form.validate_on_submit():
        if form.section.data != document.section:
            evidence.move_to_section(document, form.section.data)
        document.title, document.author = form.title.data, form.author.data or ""
        evidence.set_date(document, form.document_date.data)
        document.party = Party(form.party.data)
        audit("changed", case, document)
        flash(f"'{document.title}' saved.", "success")
        return redirect(url_for("evidence.index", case_id=case.id))
    return render_edit(case, document, form=form)


def render_edit(case, document: Document, *, form=None, place_form=None):
    if form is None:
        form = DocumentForm(obj=document, formdata=None)
        form.set_choices()
        form.party.data = document.party.value
    if place_form is None:
        place_form = PlaceForm(formdata=None, place="keep" if document.keep_position else "date",
                               position=document.position + 1 if document.keep_position else None,
                               reason=document.keep_reason)
    siblings = [d for d in evidence.case_documents(case) if d.section == document.section]
    return render_template("evidence/edit.html", case=case, document=document, form=form, place_form=place_form,
                           place=siblings.index(document) + 1 if document in siblings else None,
                           count=len(siblings))


@bp.post("/<int:document_id>/move")
def move(case_id, document_id):
    """To another section, or its place in the section: in date order, or kept at a position for a reason."""
    case, document = document_under_review(case_id, document_id, Review.accepted)
    section = request.form.get("section")
    if section is not None:
        if section not in dict(evidence.section_choices()):
            abort(400)
        evidence.move_to_section(document, section)
        audit("reordered", case, document, detail=f"to {section}")
        return redirect(url_for("evidence.index", case_id=case.id, _anchor=f"document-{document.id}"))
    form = PlaceForm()
    if not form.validate_on_submit():
        return render_edit(case, document, place_form=form), 400
    if form.place.data == "keep":
        evidence.keep_here(document, form.position.data, form.reason.data)
        audit("reordered", case, document, detail=f"kept at {form.position.data}: {form.reason.data}")
    else:
        evidence.in_date_order(document)
        audit("reordered", case, document, detail="date order")
    flash(f"'{document.title}' " + (f"is kept at position {form.position.data} in its section."
                                    if form.place.data == "keep" else "is in date order."), "success")
    return redirect(url_for("evidence.index", case_id=case.id, _anchor=f"document-{document.id}"))


@bp.post("/<int:document_id>/ocr")
def ocr(case_id, document_id):
    """"OCR this document": convert it again from the original, making pages without text searchable."""
    case = case_for_user(case_id, roles=EDITORS)
    document = case_document(case, document_id)
    if document.review == Review.rejected or document.status == "converting":
        abort(400)
    evidence.start_ocr(document)
    audit("started OCR", case, document)
    flash(f"'{document.title}' is being OCR'd. Its pages stay as they are until that finishes.", "success")
    return redirect(url_for("evidence.document", case_id=case.id, document_id=document.id))


@bp.post("/<int:document_id>/remove")
def remove(case_id, document_id):
    case, document = document_under_review(case_id, document_id, Review.accepted)
    evidence.remove_from_case(document)
    audit("removed from case", case, document)
    flash(f"'{document.title}' removed from the case and from bundles built from now on. "
          "Its file stays on record.", "success")
    return redirect(url_for("evidence.index", case_id=case.id))


@bp.post("/<int:document_id>/review")
def review(case_id, document_id):
    case, document = document_under_review(case_id, document_id, Review.pending)
    accept = request.form.get("decision") == "accept"
    try:
        evidence.review_document(document, accept)
    except evidence.NotUsable as refused:
        flash(str(refused), "error")
        return redirect(url_for("evidence.index", case_id=case.id, _anchor="arrived"))
    audit("accepted" if accept else "rejected", case, document)
    flash(f"'{document.title}' {'added to the case' if accept else 'rejected: it stays on record only'}.",
          "success")
    return redirect(url_for("evidence.index", case_id=case.id))


@bp.route("/requests/new", methods=["GET", "POST"])
def new_request(case_id):
    case = case_for_user(case_id, roles=EDITORS)
    form = EvidenceRequestForm()
    form.set_choices()
    if request.method == "GET":
        form.section.data = "la_evidence"
    if form.validate_on_submit():
        evidence_request, token = evidence.create_request(
            case, recipient_name=form.recipient_name.data, recipient_email=form.recipient_email.data or "",
            details=form.details.data, due_date=form.due_date.data, section=form.section.data, user=current_user)
        return link_made(case, evidence_request, token, "requested evidence")
    return render_template("evidence/request_form.html", case=case, form=form)


@bp.post("/requests/<int:request_id>/link")
def request_link(case_id, request_id):
    """A replacement link for a lost one; the old link stops working."""
    case = case_for_user(case_id, roles=EDITORS)
    evidence_request = case_request(case, request_id)
    if evidence_request.closed_at is not None:
        abort(400)
    return link_made(case, evidence_request, evidence.new_link(evidence_request), "made a new evidence link")


def link_made(case, evidence_request: EvidenceRequest, token: str, action: str):
    """Email the link when SMTP is set up, then redirect to show it once: refreshing must not make another."""
    link = url_for("evidence_requests.upload", token=token, _external=True)
    problem = ""
    try:
        emailed = evidence.send_request_email(evidence_request, link)
    except evidence.EmailNotSent as failure:
        emailed, problem = False, str(failure)
    audit(action, case, evidence_request, detail=evidence_request.recipient_name + (" (emailed)" if emailed else ""))
    # Only the token's hash is stored, so the link travels to the next page in the session, once.
    session[NEW_LINK] = {"request_id": evidence_request.id, "link": link, "emailed": emailed, "problem": problem}
    return redirect(url_for("evidence.show_link", case_id=case.id, request_id=evidence_request.id), 303)


@bp.get("/requests/<int:request_id>/link")
def show_link(case_id, request_id):
    case = case_for_user(case_id, roles=EDITORS)
    evidence_request = case_request(case, request_id)
    made = session.get(NEW_LINK)
    if made and made["request_id"] == request_id:
        session.pop(NEW_LINK)
    else:
        made = {"link": None, "emailed": False, "problem": ""}
    return render_template("evidence/request_link.html", case=case, evidence_request=evidence_request,
                           link=made["link"], emailed=made["emailed"], problem=made["problem"],
                           email_configured=evidence.email_configured())


@bp.post("/requests/<int:request_id>/close")
def close_request(case_id, request_id):
    case = case_for_user(case_id, roles=EDITORS)
    evidence_request = case_request(case, request_id)
    evidence.close_request(evidence_request)
    audit("closed evidence request", case, evidence_request)
    flash(f"The request to {evidence_request.recipient_name} is closed; its link no longer works.", "success")
    return redirect(url_for("evidence.index", case_id=case.id))

