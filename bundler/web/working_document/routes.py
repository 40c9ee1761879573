"""The working document pages: import and confirm the plan, each item's wordings and proposals, the officer's
actions, versions (written, page-checked, sent, returned and read back), plan checks and the alignment report."""
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ... import jobs
from ...dates import page_date
from ...extensions import db
from ...models import Role
from ...models.evidence import Document
from ...models.working_documents import EhcPlan, Proposal
from ...plan_checks.alignment import area_title
from ...plan_checks.reports import write_alignment_report, write_provision_map_docx, write_provision_map_xlsx
from ...services.evidence import case_documents
from ...services.working_document import checks, plans, receiving, review
from ...services.working_document import documents as service
from ...working_document.plan import PROVISION_HEADINGS, SECTION_CODES
from ..access import audit, case_for_user
from ..forms import ButtonForm
from .forms import (
    ConfirmPlanForm,
    CounterForm,
    DecisionForm,
    EvidenceForm,
    ImportForm,
    ProposeForm,
    ReturnedForm,
    SendForm,
)

bp = Blueprint("working_document", __name__)

WRITERS = (Role.send_officer, Role.tribunal_officer)
READERS = (*WRITERS, Role.legal_reviewer, Role.administrator)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS = (service.WorkingDocumentError, plans.PlanError)


FAILED = object()


def _attempt(action, *args):
    """The service action's result; on its error the change is rolled back, its message shown, and FAILED returned."""
    try:
        return action(*args)
    except ERRORS as exc:
        db.session.rollback()
        flash(str(exc))
        return FAILED


def _index(case):
    return redirect(url_for("working_document.index", case_id=case.id))


def _document_or_404(case):
    document = service.working_document_for(case)
    if document is None:
        abort(404)
    return document


def _plan_or_404(case, plan_id):
    plan = db.session.get(EhcPlan, plan_id)
    if plan is None or plan.case_id != case.id:
        abort(404)
    return plan


def _version_or_404(document, number):
    version = next((v for v in document.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def _proposal_or_404(document, proposal_id):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.working_document_id != document.id:
        abort(404)
    return proposal


@bp.get("/cases/<int:case_id>/working-document")
def index(case_id):
    case = case_for_user(case_id, roles=READERS)
    document = service.working_document_for(case)
    import_form = ImportForm()
    import_form.document.choices = [("", "Select a document")] + [
        (str(d.id), d.title) for d in plans.plan_documents(case)]
    if document is not None:
        audit("viewed working document", case, document)
    return render_template(
        "working_document/index.html", case=case, document=document, plans=plans.case_plans(case),
        current_plan=plans.current_plan(case), import_form=import_form, returned_form=ReturnedForm(),
        form=ButtonForm(), can_write=current_user.role in WRITERS,
        items=_items(document) if document else [], pending=service.pending_agreements(document) if document else [],
        summary=review.case_review(case))


def _items(document):
    """Each item in the disputed sections with its open proposals, for the index."""
    return [(item, [p for p in document.proposals if p.item_key == item.key and p.status != "withdrawn"])
            for item in document.plan.items if item.section in document.sections]


@bp.post("/cases/<int:case_id>/working-document/plan/import")
def import_plan(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    form = ImportForm()
    form.document.choices = [(str(d.id), d.title) for d in plans.plan_documents(case)]
    if not form.validate_on_submit():
        flash("Select the plan's Word document to import.")
        return _index(case)
    source = db.session.get(Document, int(form.document.data))
    plan = _attempt(plans.import_from_document, case, source, current_user)
    if plan is FAILED:
        return _index(case)
    audit("imported plan", case, plan, detail=f"from document {source.id}")
    return redirect(url_for("working_document.confirm_plan", case_id=case.id, plan_id=plan.id))


@bp.route("/cases/<int:case_id>/working-document/plan/<int:plan_id>", methods=["GET", "POST"])
def confirm_plan(case_id, plan_id):
    case = case_for_user(case_id, roles=READERS if request.method == "GET" else WRITERS)
    plan = _plan_or_404(case, plan_id)
    form = ConfirmPlanForm(version=plan.version, issued=plan.issued)
    if request.method == "POST" and form.validate_on_submit():
        sent = request.form
        changed = plans.correct_and_confirm(
            plan, version=form.version.data or "", issued=form.issued.data, user=current_user,
            texts={key[5:]: value for key, value in sent.items() if key.startswith("item-")},
            moves={key[5:]: value for key, value in sent.items() if key.startswith("move-")},
            removed={key[7:] for key in sent if key.startswith("remove-")},
            added={key[4:]: value for key, value in sent.items() if key.startswith("new-")})
        audit("confirmed plan", case, plan, detail=f"corrected {', '.join(changed)}" if changed else "as imported")
        flash("Plan confirmed." + (f" {len(changed)} correction(s) saved." if changed else ""), "success")
        return _index(case)
    audit("viewed plan", case, plan)
    return render_template("working_document/plan.html", case=case, plan=plan, form=form, codes=SECTION_CODES,
                           headings=PROVISION_HEADINGS, can_write=current_user.role in WRITERS,
                           findings=checks.plan_report(plan))


@bp.post("/cases/<int:case_id>/working-document/start")
def start(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    plan = plans.current_plan(case)
    if not ButtonForm().validate_on_submit():
        return _index(case)
    if plan is None:
        flash("Import the authority's plan and confirm it first.")
        return _index(case)
    document = _attempt(service.start, case, plan)
    if document is not FAILED:
        audit("started working document", case, document, detail=", ".join(document.sections))
        flash(f"Working document started for Sections {', '.join(document.sections)}.", "success")
    return _index(case)


@bp.get("/cases/<int:case_id>/working-document/items/<key>")
def item(case_id, key):
    case = case_for_user(case_id, roles=READERS)
    document = _document_or_404(case)
    item = next((i for i in document.plan.items if i.key == key and i.section in document.sections), None)
    if item is None:
        abort(404)
    audit("viewed working document item", case, document, detail=key)
    return _item_page(case, document, item, ProposeForm())


def _item_page(case, document, item, propose_form):
    fields = ["text"] if item.provision is None else list(item.provision)
    propose_form.field.choices = [(f, PROVISION_HEADINGS.get(f, "Wording")) for f in fields]
    wordings = [(f, PROVISION_HEADINGS.get(f, "Wording"), service.wording(document, item.key, f, None),
                 service.wording(document, item.key, f, "la"), service.wording(document, item.key, f, "appellant"))
                for f in fields]
    evidence_form = EvidenceForm()
    evidence_form.document.choices = [("", "Select a document")] + [
        (str(d.id), d.title) for d in case_documents(case)]
    return render_template("working_document/item.html", case=case, document=document, item=item,
                           wordings=wordings, proposals=service.item_proposals(document, item.key),
                           propose_form=propose_form, counter_form=CounterForm(), evidence_form=evidence_form,
                           form=ButtonForm(), can_write=current_user.role in WRITERS)


@bp.post("/cases/<int:case_id>/working-document/items/<key>/propose")
def propose(case_id, key):
    case = case_for_user(case_id, roles=WRITERS)
    document = _document_or_404(case)
    item = next((i for i in document.plan.items if i.key == key and i.section in document.sections), None)
    if item is None:
        abort(404)
    form = ProposeForm()
    if form.validate_on_submit():
        try:
            proposal = service.propose(document, key, form.field.data or "text", form.wording.data, current_user)
        except ERRORS as exc:
            db.session.rollback()
            form.wording.errors = [str(exc)]
        else:
            audit("proposed wording", case, proposal, detail=f"{key} {proposal.field}")
            flash("The authority's wording is proposed. It goes into the next version.", "success")
            return redirect(url_for("working_document.item", case_id=case.id, key=key))
    return _item_page(case, document, item, form)


ACTIONS = {"accept": (service.accept, "accepted proposal", "Accepted: the wording is agreed."),
           "reject": (service.reject, "rejected proposal", "Rejected: it stays the appellant's, disputed."),
           "withdraw": (service.withdraw, "withdrew proposal", "Withdrawn."),
           "undo": (service.undo_agreement, "undid agreement", "Not agreed: it stays as it was.")}


@bp.post("/cases/<int:case_id>/working-document/proposals/<int:proposal_id>/<any(accept,reject,withdraw,undo):action>")
def act(case_id, proposal_id, action):
    case = case_for_user(case_id, roles=WRITERS)
    proposal = _proposal_or_404(_document_or_404(case), proposal_id)
    if ButtonForm().validate_on_submit():
        change, past, message = ACTIONS[action]
        if _attempt(change, proposal) is not FAILED:
            audit(past, case, proposal, detail=proposal.item_key)
            flash(message, "success")
    return redirect(request.form.get("next") if _safe(request.form.get("next"))
                    else url_for("working_document.item", case_id=case.id, key=proposal.item_key))


def _safe(target) -> bool:
    return bool(target) and target.startswith("/cases/") and "//" not in target


@bp.post("/cases/<int:case_id>/working-document/proposals/<int:proposal_id>/counter")
def counter(case_id, proposal_id):
    case = case_for_user(case_id, roles=WRITERS)
    proposal = _proposal_or_404(_document_or_404(case), proposal_id)
    form = CounterForm()
    if form.validate_on_submit():
        mine = _attempt(service.counter_propose, proposal, form.wording.data, current_user)
        if mine is not FAILED:
            audit("counter-proposed", case, mine, detail=f"{proposal.item_key}, to proposal {proposal.id}")
            flash("Counter-proposal added; the appellant's wording is disputed.", "success")
    else:
        flash("Enter the wording the authority proposes instead.")
    return redirect(url_for("working_document.item", case_id=case.id, key=proposal.item_key))


@bp.post("/cases/<int:case_id>/working-document/proposals/<int:proposal_id>/evidence")
def attach_evidence(case_id, proposal_id):
    case = case_for_user(case_id, roles=WRITERS)
    proposal = _proposal_or_404(_document_or_404(case), proposal_id)
    form = EvidenceForm()
    form.document.choices = [(str(d.id), d.title) for d in case_documents(case)]
    if form.validate_on_submit():
        evidence = db.session.get(Document, int(form.document.data))
        service.attach_evidence(proposal, evidence)
        audit("attached evidence", case, proposal, detail=f"{proposal.item_key}: document {evidence.id}")
        flash(f"'{evidence.title}' is cited in a footnote to this proposal.", "success")
    else:
        flash("Select the evidence to cite.")
    return redirect(url_for("working_document.item", case_id=case.id, key=proposal.item_key))


@bp.post("/cases/<int:case_id>/working-document/versions")
def write_version(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    document = _document_or_404(case)
    if not ButtonForm().validate_on_submit():
        return _index(case)
    version = _attempt(service.write_version, document, current_user)
    if version is FAILED:
        return _index(case)
    audit("wrote working document", case, version, detail=f"version {version.number}")  # commits with its job
    jobs.send(version.page_check_job)
    return redirect(url_for("working_document.version", case_id=case.id, number=version.number))


@bp.get("/cases/<int:case_id>/working-document/versions/<int:number>")
def version(case_id, number):
    case = case_for_user(case_id, roles=READERS)
    document = _document_or_404(case)
    version = _version_or_404(document, number)
    audit("viewed working document version", case, version, detail=f"version {number}")
    findings = checks.proposal_findings(document) if version.sent_by == "la" and version.sent_at is None else []
    return render_template("working_document/version.html", case=case, document=document, version=version,
                           readiness=service.readiness(version), findings=findings,
                           blocking=checks.blocking(findings), send_form=SendForm(), form=ButtonForm(),
                           proposals={p.id: p for p in document.proposals}, can_write=current_user.role in WRITERS)


@bp.post("/cases/<int:case_id>/working-document/versions/<int:number>/send")
def send(case_id, number):
    case = case_for_user(case_id, roles=WRITERS)
    document = _document_or_404(case)
    version = _version_or_404(document, number)
    form = SendForm()
    if form.validate_on_submit():
        errors = checks.blocking(checks.proposal_findings(document))
        reason = form.reason.data or ""
        if errors and not reason:
            flash(f"The plan checks found {len(errors)} error(s) in the authority's wording. Change the wording, "
                  "or record why it is sent as it is.")
        elif _attempt(service.mark_sent, version, reason) is not FAILED:
            detail = f"version {number}" + (f"; sent despite {len(errors)} plan check error(s): {reason}"
                                            if errors else "")
            audit("sent working document", case, version, detail=detail)
            flash(f"Version {number} recorded as sent.", "success")
    return redirect(url_for("working_document.version", case_id=case.id, number=number))


@bp.post("/cases/<int:case_id>/working-document/versions/<int:number>/final")
def mark_final(case_id, number):
    case = case_for_user(case_id, roles=WRITERS)
    version = _version_or_404(_document_or_404(case), number)
    if ButtonForm().validate_on_submit() and _attempt(service.mark_final, version) is not FAILED:
        audit("marked working document final", case, version, detail=f"version {number}")
        flash(f"Version {number} is the final working document. It goes into section C of the next bundle build.",
              "success")
    return redirect(url_for("working_document.version", case_id=case.id, number=number))


@bp.get("/cases/<int:case_id>/working-document/versions/<int:number>/download")
def download(case_id, number):
    case = case_for_user(case_id, roles=READERS)
    version = _version_or_404(_document_or_404(case), number)
    path = service.version_file(version)
    audit("downloaded working document", case, version, detail=f"version {number}")
    return send_file(path, mimetype=DOCX, as_attachment=True, download_name=service.download_name(version))


@bp.post("/cases/<int:case_id>/working-document/returned")
def returned(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    document = _document_or_404(case)
    form = ReturnedForm()
    if not form.validate_on_submit():
        flash("Choose the .docx the appellant sent back.")
        return _index(case)
    upload = form.file.data
    version = _attempt(receiving.receive, document, upload.read(receiving.MAX_UPLOAD + 1), upload.filename or "",
                       current_user)
    if version is FAILED:
        return _index(case)
    audit("received working document", case, version, detail=f"version {version.number}")
    return redirect(url_for("working_document.version", case_id=case.id, number=version.number))


@bp.post("/cases/<int:case_id>/working-document/versions/<int:number>/changes/<int:index>/confirm")
def confirm_match(case_id, number, index):
    case = case_for_user(case_id, roles=WRITERS)
    document = _document_or_404(case)
    version = _version_or_404(document, number)
    if index >= len(version.changes):
        abort(404)
    if ButtonForm().validate_on_submit() and _attempt(receiving.confirm_match, document, version, index) is not FAILED:
        audit("confirmed match", case, version, detail=f"paragraph to {version.changes[index]['item_key']}")
        flash("Match confirmed; its changes are taken in.", "success")
    return redirect(url_for("working_document.version", case_id=case.id, number=number))


def _temp(suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(prefix="working-document-", suffix=suffix, delete=False)
    handle.close()
    return Path(handle.name)


def _send_temp(path: Path, mimetype: str, name: str):
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response


# --- plan checks, alignment, provision map; the hearing and the decision ---------------------------------------

def _report_plan(case):
    """The plan the reports are about: the working document's, else the latest confirmed one."""
    document = service.working_document_for(case)
    plan = document.plan if document else plans.current_plan(case)
    if plan is None:
        abort(404)
    return document, plan


@bp.get("/cases/<int:case_id>/working-document/reports")
def reports(case_id):
    case = case_for_user(case_id, roles=READERS)
    document, plan = _report_plan(case)
    alignment, proposed = checks.plan_alignment(plan)
    audit("viewed plan reports", case, plan)
    decision_form = DecisionForm()
    return render_template("working_document/reports.html", case=case, document=document, plan=plan,
                           alignment=alignment, proposed=proposed, area_title=area_title, form=ButtonForm(),
                           decision_form=decision_form, review=review.case_review(case),
                           open_proposals=[p for p in document.proposals if p.status in service.OPEN]
                           if document else [], can_write=current_user.role in WRITERS)


@bp.get("/cases/<int:case_id>/working-document/reports/<any('alignment.docx','provision-map.xlsx',"
        "'provision-map.docx','position-table.docx','amended-plan.docx'):name>")
def report_file(case_id, name):
    case = case_for_user(case_id, roles=READERS)
    document, plan = _report_plan(case)
    title = f"{case.reference}, plan {plan.version or plan.id}"
    suffix = name.rsplit(".", 1)[1]
    path = _temp(f".{suffix}")
    if name == "alignment.docx":
        write_alignment_report(checks.plan_alignment(plan)[0], path, title=title)
    elif name.startswith("provision-map"):
        rows, texts = checks.provision_map(plan)
        (write_provision_map_xlsx if suffix == "xlsx" else write_provision_map_docx)(rows, texts, path, title=title)
    elif name == "position-table.docx":
        if document is None:
            abort(404)
        review.write_position_table(document, path)
    else:
        if document is None or document.amended_plan is None:
            abort(404)
        review.write_plan(document.amended_plan, path)
    audit("downloaded plan report", case, plan, detail=name)
    return _send_temp(path, XLSX if suffix == "xlsx" else DOCX, f"{case.reference.replace('/', '-')}-{name}")


@bp.post("/cases/<int:case_id>/working-document/reports/links")
def confirm_links(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    _, plan = _report_plan(case)
    if ButtonForm().validate_on_submit():
        pairs = [tuple(value.split("|", 1)) for value in request.form.getlist("link") if "|" in value]
        added = checks.confirm_links(plan, pairs, current_user)
        audit("confirmed plan links", case, plan, detail=", ".join("→".join(p) for p in pairs))
        flash(f"{added} link(s) confirmed.", "success")
    return redirect(url_for("working_document.reports", case_id=case.id))


@bp.post("/cases/<int:case_id>/working-document/decision")
def decision(case_id):
    case = case_for_user(case_id, roles=WRITERS)
    document = _document_or_404(case)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash("Enter the date the Tribunal sent its decision.")
        return redirect(url_for("working_document.reports", case_id=case.id))
    decided = {p: request.form.get(f"decided-{p.id}", "") for p in document.proposals if p.status in service.OPEN}
    result = _attempt(review.decide_and_apply, document, decided, form.order_sent.data, current_user)
    if result is not FAILED:
        amended, steps = result
        audit("applied decision", case, amended, detail="; ".join(f"{s.act} by {s.due_date}" for s in steps))
        step = (f", and “{steps[0].act}” is on the timetable for {page_date(steps[0].due_date)}" if steps else "")
        flash(f"The amended plan is ready to download{step}.", "success")
    return redirect(url_for("working_document.reports", case_id=case.id))
