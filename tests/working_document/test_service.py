"""The working document's services on a real database: import and confirm the plan, each officer action, versions
written and page-checked by the job, a returned file read back, and the final version in section C of a bundle."""
import shutil
from datetime import date

import pytest
from docx import Document as WordDocument

from bundler import jobs
from bundler.extensions import db
from bundler.models import Case, Role, User
from bundler.services.working_document import documents as service
from bundler.services.working_document import plans, receiving
from bundler.working_document.reader import read_working_document

from .helpers import NEED, PROVISION, appellant_edit, plan_docx, store_document

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is missing")


@pytest.fixture
def ctx(app, seed):
    with app.app_context():
        yield


@pytest.fixture
def officer(ctx, seed):
    return db.session.get(User, seed.user_ids[Role.tribunal_officer])


@pytest.fixture
def case(ctx, seed):
    return db.session.get(Case, seed.own_case_id)


@pytest.fixture
def plan(case, officer, tmp_path):
    document_id = store_document(case.id, plan_docx(tmp_path / "EHC plan.docx"), "EHC plan (final)")
    plan = plans.import_from_document(case, db.session.get(plans.Document, document_id), officer)
    plans.correct_and_confirm(plan, version="Final 2025", issued=None, texts={}, user=officer)
    db.session.commit()
    return plan


@pytest.fixture
def wd(case, plan):
    document = service.start(case, plan)
    db.session.commit()
    return document


def test_import_finds_sections_items_and_provision_rows_and_needs_confirming(case, officer, tmp_path):
    document_id = store_document(case.id, plan_docx(tmp_path / "plan.docx"), "Plan")
    plan = plans.import_from_document(case, db.session.get(plans.Document, document_id), officer)
    assert [s["code"] for s in plan.sections] == ["A", "B", "E", "F", "I"]
    assert [(i.key, i.text) for i in plan.items if i.section == "B"] == [("B-01", NEED),
                                                                          ("B-02", "Sam finds busy rooms hard.")]
    row = next(i for i in plan.items if i.section == "F")
    assert row.provision["what"] == PROVISION and row.provision["how_often"] == "regular"
    assert not plan.confirmed
    with pytest.raises(plans.PlanError, match="Confirm the imported plan"):
        service.start(case, plan)
    changed = plans.correct_and_confirm(plan, version="v1", issued=None,
                                        texts={"B-02": "Sam finds busy, noisy rooms hard.",
                                               f"{row.key}.how_often": "weekly"}, user=officer)
    assert changed == ["B-02", f"{row.key}.how_often"] and plan.confirmed
    assert plans.to_rules(plan).item(row.key).provision.how_often == "weekly"


def test_a_plan_that_cannot_be_read_says_which_part_failed(case, officer, tmp_path):
    bad = tmp_path / "notes.docx"
    WordDocument().save(bad)
    document = db.session.get(plans.Document, store_document(case.id, bad, "Notes"))
    with pytest.raises(plans.PlanError, match="'Notes': no section headings found"):
        plans.import_from_document(case, document, officer)


def test_contents_appeal_covers_b_f_i_and_extended_adds_health_and_care(case, plan):
    assert service.start(case, plan).sections == ["B", "F", "I"]
    db.session.rollback()
    case.extended_sections = ["C", "D", "G", "H1", "H2"]  # the flag on the contents appeal
    full = plans.from_rules(case, plans.to_rules(plan), source=None, user=None)
    full.sections = [{"code": c, "title": c, "columns": []} for c in ("A", "B", "C", "D", "F", "G", "H1", "H2", "I")]
    full.confirmed_at = plan.confirmed_at
    db.session.add(full)
    db.session.flush()
    assert service.start(case, full).sections == ["B", "C", "D", "F", "G", "H1", "H2", "I"]


def test_officer_actions_change_each_proposal_as_the_key_says(wd, officer):
    own = service.propose(wd, "B-01", "text", NEED.replace("difficulty", "some difficulty"), officer)
    assert (own.start, own.end, own.text, own.by, own.status) == (8, 8, "some ", "la", "proposed")
    theirs = service.propose(wd, "B-02", "text", "Sam finds busy rooms very hard.", officer, by="appellant")
    with pytest.raises(service.WorkingDocumentError, match="accept it, reject it or counter-propose"):
        service.propose(wd, "B-02", "text", "Sam finds busy rooms quite hard.", officer)
    service.reject(theirs)
    assert theirs.status == "disputed"
    counter = service.counter_propose(theirs, "(in assemblies) ", officer)
    assert counter.counter_to_id == theirs.id and counter.start == theirs.end and theirs.status == "disputed"
    assert service.wording(wd, "B-02", "text", "la").startswith("Sam finds busy rooms (in assemblies) ")
    service.accept(theirs)
    assert theirs.status == "agreed"
    assert service.wording(wd, "B-02", "text", "la") == "Sam finds busy rooms very (in assemblies) hard."
    with pytest.raises(service.WorkingDocumentError, match="Only the appellant's"):
        service.accept(own)
    service.withdraw(own)
    assert own.status == "withdrawn" and service.wording(wd, "B-01", "text", "la") == NEED
    with pytest.raises(service.WorkingDocumentError, match="only the authority's own|Only the authority's own"):
        service.withdraw(theirs)
    evidence = db.session.get(plans.Document, wd.plan.source_document_id)
    service.attach_evidence(counter, evidence)
    assert counter.evidence == [evidence]


def test_a_counter_proposal_is_written_as_the_authoritys_insertion_beside_the_disputed_one(wd, officer):
    theirs = service.propose(wd, "B-02", "text", "Sam finds busy rooms very hard.", officer, by="appellant")
    service.counter_propose(theirs, "(in assemblies) ", officer)
    version = service.write_version(wd, officer)
    db.session.commit()
    item = [s for p in read_working_document(service.version_file(version)) if p.item_key == "B-02"
            for s in p.segments]
    marked = [(s.mark, s.text) for s in item if s.mark != "original"]
    assert marked == [("appellant_addition", "very "), ("la_addition", "(in assemblies) ")]


@needs_soffice
def test_version_is_written_page_checked_and_a_returned_file_read_back(wd, officer, tmp_path):
    service.propose(wd, "B-01", "text", NEED.replace("in class", "in class and at lunch"), officer)
    version = service.write_version(wd, officer)
    db.session.commit()
    jobs.send(version.page_check_job)
    jobs.wait(version.page_check_job_id, timeout=120)
    db.session.refresh(version)
    assert version.number == 1 and version.sent_by == "la" and len(version.sha256) == 64
    assert version.page_count and version.page_count <= 25 and service.readiness(version).ready
    service.mark_sent(version)

    written = tmp_path / "v1.docx"
    shutil.copyfile(service.version_file(version), written)
    marked = {(p.item_key, s.mark, s.text) for p in read_working_document(written) for s in p.segments}
    assert ("B-01", "la_addition", " and at lunch") in marked

    returned = appellant_edit(written, tmp_path / "v2.docx", "busy rooms", " and the dining hall")
    second = receiving.receive(wd, returned.read_bytes(), "Reply from parent.docx", officer)
    db.session.commit()
    assert second.number == 2 and second.sent_by == "appellant"
    assert [(c["kind"], c["item_key"], c["text"]) for c in second.changes] == \
        [("new", "B-02", " and the dining hall")]
    new = next(p for p in wd.proposals if p.by == "appellant")
    assert (new.status, new.first_version) == ("proposed", 2)
    service.accept(new)
    assert new.status == "agreed"


def test_a_returned_file_marking_agreement_waits_for_the_officer(wd, officer, tmp_path):
    service.propose(wd, "B-01", "text", NEED.replace("in class", "in class and at lunch"), officer)
    out = tmp_path / "v1.docx"
    service.write_file(wd, service.snapshot(wd), 1, date.today(), "Council", out,
                       service.latest_resolver(wd.case))
    document = WordDocument(str(out))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text == " and at lunch":  # the appellant marks the authority's words as agreed
                run.italic, run.underline = None, True
    document.save(out)
    version = receiving.receive(wd, out.read_bytes(), "reply.docx", officer)
    own = next(p for p in wd.proposals if p.by == "la")
    assert [c["kind"] for c in version.changes] == ["newly_agreed"]
    assert own.status == "proposed" and own.pending_agreement_version == version.number
    with pytest.raises(service.WorkingDocumentError, match="Accept or undo"):
        service.write_version(wd, officer)
    service.undo_agreement(own)
    assert own.status == "proposed" and own.pending_agreement_version is None


def test_a_refused_file_keeps_nothing(wd, officer, tmp_path):
    with pytest.raises(service.WorkingDocumentError, match="not a Word .docx"):
        receiving.receive(wd, b"not a zip", "reply.docx", officer)
    assert wd.versions == []


def test_lost_bookmarks_map_by_alignment_and_doubtful_ones_wait(wd, officer, tmp_path):
    out = tmp_path / "v1.docx"
    service.write_file(wd, [], 1, date.today(), "Council", out,
                       service.latest_resolver(wd.case))
    returned = appellant_edit(out, tmp_path / "v2.docx", "spoken instructions", " at all times",
                              keep_bookmarks=False)
    version = receiving.receive(wd, returned.read_bytes(), "reply.docx", officer)
    assert [(c["kind"], c["item_key"]) for c in version.changes] == [("new", "B-01")]


def test_export_writes_the_latest_version_exactly_through_the_command_line(wd, officer, tmp_path, database_url):
    from click.testing import CliRunner

    from bundler.working_document.commands import working_document

    service.write_version(wd, officer)
    service.propose(wd, "B-01", "text", NEED.replace("in class", "in class and at lunch"), officer)
    latest = service.write_version(wd, officer)
    db.session.commit()
    (tmp_path / "config.py").write_text(  # the command makes its own app from the instance folder, as bundler does
        f"SECRET_KEY = 'test'\nDATABASE_URL = {database_url!r}\nEVIDENCE_DIR = {str(tmp_path / 'evidence')!r}\n"
        f"BUNDLES_DIR = {str(tmp_path / 'bundles')!r}\nQUEUE_URL = 'memory://'\n")
    out = tmp_path / "out" / "wd.docx"
    result = CliRunner().invoke(working_document, ["export", wd.case.reference, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"version {latest.number}" in result.output
    assert out.read_bytes() == service.version_file(latest).read_bytes()
    missing = CliRunner().invoke(working_document, ["export", "EH123/25/09999", "-o", str(out)])
    assert missing.exit_code != 0 and "There is no case EH123/25/09999" in missing.output


def test_demo_working_document_is_seeded_once_with_version_1(case, officer, seed):
    from bundler.demo.working_document import seed_working_document

    users = {role: db.session.get(User, user_id) for role, user_id in seed.user_ids.items()}
    seed_working_document(case, users)
    seed_working_document(case, users)
    document = service.working_document_for(case)
    assert document.sections == ["B", "F", "I"] and [v.number for v in document.versions] == [1]
    paragraphs = read_working_document(service.version_file(document.latest))
    marked = {(p.item_key, s.mark, s.text) for p in paragraphs for s in p.segments}
    assert ("F-01", "appellant_addition", "twice") in marked
    assert ("F-02", "la_addition", "up to 15 minutes each time") in marked
