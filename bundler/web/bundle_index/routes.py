"""A bundle version's index: download it as .csv or .docx, and change its titles for that version."""
import io
import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for

from ...models import Role
from ...services import bundle_index
from ..access import audit, case_for_user

bp = Blueprint("bundle_index", __name__, url_prefix="/cases/<int:case_id>/bundles/<int:number>")

BUILDERS = (Role.tribunal_officer, Role.administrator)


def built_version(case_id: int, number: int, roles=None):
    case = case_for_user(case_id, roles=roles)
    version = bundle_index.version(case, number)
    if version is None or version.state != "built":
        abort(404)
    return case, version


def file_stem(case, version) -> str:
    return f"{case.reference.replace('/', '-')} index v{version.number}"


@bp.get("/index.csv")
def csv(case_id, number):
    case, version = built_version(case_id, number)
    audit("downloaded index", case, version, detail=f"bundle version {version.number}, .csv")
    return Response(bundle_index.as_csv(version), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{file_stem(case, version)}.csv"'})


@bp.get("/index.docx")
def docx(case_id, number):
    case, version = built_version(case_id, number)
    audit("downloaded index", case, version, detail=f"bundle version {version.number}, .docx")
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "index.docx"
        bundle_index.write_docx(version, output)
        data = output.read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"{file_stem(case, version)}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document", max_age=0)


@bp.route("/index-titles", methods=["GET", "POST"])
def titles(case_id, number):
    """Each document's title in this version's index; saving builds the version again."""
    case, version = built_version(case_id, number, roles=BUILDERS)
    if version.issued_on is not None:
        abort(400)
    entered, errors = {}, {}
    if request.method == "POST":
        entered = {row.id: request.form.get(f"title-{row.id}", row.title) for row in version.documents}
        errors = bundle_index.title_errors(version, entered)
        if not errors:
            try:
                changed = bundle_index.change_titles(version, entered)
            except bundle_index.IndexLocked as locked:
                flash(str(locked), "error")
                return redirect(url_for("bundles.version", case_id=case.id, number=version.number), 303)
            if changed:
                audit("changed index titles", case, version, detail=f"version {version.number}: {changed} title(s)")
                flash(f"{changed} index title(s) changed. Version {version.number} is being built again with them.",
                      "success")
            return redirect(url_for("bundles.version", case_id=case.id, number=version.number), 303)
    return render_template("bundle_index/titles.html", case=case, version=version, entered=entered,
                           errors=errors, own_titles=bundle_index.document_titles(version)), 400 if errors else 200
