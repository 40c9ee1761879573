"""Many documents at once: select several to move, re-date or remove, and download all of a case's evidence."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from ...models import Role
from ...services import evidence, evidence_batch
from ..access import audit, case_for_user
from .forms import BatchForm

bp = Blueprint("evidence_batch", __name__, url_prefix="/cases/<int:case_id>/evidence")

EDITORS = (Role.send_officer, Role.tribunal_officer, Role.administrator)
DONE = {"move": "moved", "redate": "re-dated", "remove": "removed from the case"}


@bp.route("/select", methods=["GET", "POST"])
def select(case_id):
    case = case_for_user(case_id, roles=EDITORS)
    form = BatchForm()
    form.set_choices()
    chosen = [int(value) for value in request.form.getlist("document") if value.isdigit()]
    selection_error = None
    if form.validate_on_submit():
        try:
            documents = evidence_batch.selected(case, chosen)
        except evidence_batch.BatchError as exc:
            selection_error = str(exc)
        else:
            changed = apply(form, documents)
            for document in changed:
                audit(DONE[form.action.data], case, document, detail="with other selected documents")
            flash(f"{len(changed)} document(s) {DONE[form.action.data]}.", "success")
            return redirect(url_for("evidence.index", case_id=case.id), 303)
    elif request.method == "POST" and not chosen:
        selection_error = "Select at least one document"
    status = 400 if request.method == "POST" else 200
    return render_template("evidence_batch/select.html", case=case, form=form, chosen=set(chosen),
                           documents=evidence.case_documents(case), sections=evidence.section_choices(),
                           selection_error=selection_error), status


def apply(form: BatchForm, documents):
    if form.action.data == "move":
        return evidence_batch.move(documents, form.section.data)
    if form.action.data == "redate":
        return evidence_batch.redate(documents, form.new_date.data)
    return evidence_batch.remove(documents)


@bp.get("/download.zip")
def download_all(case_id):
    """Every accepted document's original (and redacted copy), streamed as one .zip; audited."""
    case = case_for_user(case_id)
    body = evidence_batch.stream_zip(case)
    audit("downloaded all evidence", case, detail=f"{len(evidence.case_documents(case))} document(s) as .zip")
    name = f"{case.reference.replace('/', '-')} evidence.zip"
    return Response(body, mimetype="application/zip", direct_passthrough=True,
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
