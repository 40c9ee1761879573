"""Retention (issue 16, "Records an IG team asks for"): closed cases are flagged for review after the period the
authority sets, and an administrator destroys a case's documents, leaving a record of what was destroyed, when and
by whom that holds no personal data."""
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from bundler import dates
from bundler.extensions import db
from bundler.models import (
    AuditEvent,
    BundleVersion,
    Case,
    ComplianceStep,
    Direction,
    DirectionEvent,
    Document,
    DocumentPageText,
    EhcPlan,
    EhcPlanItem,
    EvidenceRequest,
    Mediation,
    Outcome,
    Proposal,
    Recommendation,
    Redaction,
    ReviewComment,
    Role,
    SectionNote,
    Spend,
    StatementOfCase,
    StatementVersion,
    StepSource,
    WorkingDocument,
    WorkingDocumentVersion,
)
from bundler.models.outcomes import Ending
from bundler.models.retention import DocumentDestruction, RetentionPolicy
from bundler.services import retention
from bundler.services.bundles import bundle_store
from bundler.services.evidence import evidence_store, preview_name, preview_store

from ..helpers import checked, page, pdf_bytes, submit, upload_form, wait_for_jobs


@pytest.mark.parametrize("basis, age, years, dob, closed, due", [
    ("birthday", 25, 6, date(2010, 3, 1), date(2026, 7, 20), date(2041, 3, 1)),   # 6 years after turning 25
    ("birthday", 25, 6, date(2012, 2, 29), date(2026, 7, 20), date(2043, 2, 28)),  # born on 29 February
    ("birthday", 18, 6, date(2000, 5, 1), date(2026, 7, 20), date(2032, 7, 20)),   # turned 18 before it closed
    ("closed", 25, 6, date(2010, 3, 1), date(2026, 7, 20), date(2032, 7, 20)),
])
def test_the_review_date_follows_the_policy(basis, age, years, dob, closed, due):
    case = Case(child_dob=dob, closed_on=closed)
    assert retention.review_date(case, RetentionPolicy(basis=basis, age=age, years=years)) == due


def test_an_open_case_is_never_due():
    assert retention.review_date(Case(child_dob=date(2000, 1, 1)), RetentionPolicy(basis="closed", years=1)) is None


def close_case(client, case_id, when) -> None:
    """Record the closing date through the case's own edit form, as an officer does."""
    shown = page(client, f"/cases/{case_id}/edit")
    data: dict[str, list[str]] = {}
    for field in shown.select("form input[name]"):
        if field.get("type") not in ("radio", "checkbox") or field.has_attr("checked"):
            data.setdefault(field["name"], []).append(field.get("value", ""))
    for choice in shown.select("form select"):
        selected = choice.select_one("option[selected]")
        data[choice["name"]] = [selected["value"] if selected else ""]
    data["closed_on"] = [str(when.day), str(when.month), str(when.year)]
    shown = submit(client, f"/cases/{case_id}/edit", data)
    assert shown.errors() == [] and "1 January 2019" in shown.text


def test_a_closing_date_in_the_future_is_refused(client, login, seed):
    login(client, Role.tribunal_officer)
    soon = dates.today() + timedelta(days=30)
    shown = checked(client.post(f"/cases/{seed.own_case_id}/edit",
                                data={"closed_on": [str(soon.day), str(soon.month), str(soon.year)]}))
    assert "Date the case was closed must be today or in the past" in shown.errors()


@pytest.fixture
def held_case(app, client, login, seed):
    """The own case with a PDF uploaded and converted (the same file also on the other team's case), a built bundle,
    closed on 1 January 2019 under a policy of 6 years from closing: due for review."""
    login(client, Role.tribunal_officer)
    content = pdf_bytes(2, "Incident log naming another pupil")
    for case_id in (seed.own_case_id, seed.other_case_id):
        if case_id == seed.other_case_id:
            login(client, seed.other_team_user_id)
        client.post(f"/cases/{case_id}/evidence/upload", data=upload_form([("incident-log.pdf", content)]),
                    content_type="multipart/form-data")
    wait_for_jobs(app)
    login(client, Role.tribunal_officer)
    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["7", "1", "2019"]})
    wait_for_jobs(app)
    close_case(client, seed.own_case_id, date(2019, 1, 1))
    login(client, Role.administrator)
    submit(client, "/admin/retention", {"basis": "closed", "age": "25", "years": "6"})
    with app.app_context():
        document = db.session.scalars(select(Document).where(Document.case_id == seed.own_case_id)).one()
        version = db.session.scalars(select(BundleVersion).where(BundleVersion.case_id == seed.own_case_id)).one()
        assert document.pdf_sha256 and version.state == "built"
        return {"original": document.original_sha256, "pdf": document.pdf_sha256, "bundle": version.file_name,
                "previews": document.preview_pages}


def test_a_closed_case_past_its_review_date_is_flagged(client, held_case, seed):
    shown = page(client, "/admin/retention")
    assert "6 years after the case was closed" in shown.text
    assert shown.rows("table")[0][:4] == ["EH123/25/00001", "1 January 2019", "1 January 2025", "Due for review"]


def test_destroying_removes_every_file_and_name_and_keeps_a_record_without_them(app, client, held_case, seed):
    url = f"/admin/retention/cases/{seed.own_case_id}/destroy"
    assert "Type EH123/25/00001 exactly" in submit(client, url, {"reference": "EH123/25/00002"}).errors()[0]
    shown = submit(client, url, {"reference": "eh123/25/00001"})
    assert "are destroyed" in shown.text
    with app.app_context():
        assert not bundle_store().has(held_case["bundle"])
        # The same file is also on another team's case: the store keeps it for them.
        assert evidence_store().exists(held_case["original"]) and evidence_store().exists(held_case["pdf"])
        case = db.session.get(Case, seed.own_case_id)
        assert case.child_name == retention.DESTROYED and case.appellant_name == retention.DESTROYED
        document = db.session.scalars(select(Document).where(Document.case_id == case.id)).one()
        assert document.title == retention.DESTROYED and document.original_filename == "destroyed"
        assert db.session.scalars(select(DocumentPageText).where(DocumentPageText.case_id == case.id)).all() == []
        record = db.session.scalars(select(DocumentDestruction)).one()
        assert record.case_reference == "EH123/25/00001" and record.destroyed_by_id == seed.user_ids[
            Role.administrator]
        assert record.counts["evidence documents"] == 1 and record.counts["bundle versions"] == 1
        kept = f"{record.policy} {record.counts}"
        assert "Child of North" not in kept and "incident" not in kept.lower()
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "destroyed documents")).one()
        assert event.case_id == case.id and "1 evidence documents" in event.detail
    listed = page(client, "/admin/retention")
    assert listed.rows("table")[0][0] == "EH123/25/00001" and "evidence documents: 1" in listed.rows("table")[0][4]
    assert "No closed case holds documents" in listed.text
    assert "EH123/25/00001" in submit(client, url, {"reference": "EH123/25/00001"}).errors()[0]  # once only


def test_a_file_only_this_case_holds_goes_from_the_store(app, client, held_case, seed):
    with app.app_context():  # take the other team's copy away first, so the file is this case's alone
        other = db.session.scalars(select(Document).where(Document.case_id == seed.other_case_id)).one()
        other.original_sha256 = other.pdf_sha256 = "0" * 64
        db.session.commit()
    submit(client, f"/admin/retention/cases/{seed.own_case_id}/destroy", {"reference": "EH123/25/00001"})
    with app.app_context():
        assert not evidence_store().exists(held_case["original"]) and not evidence_store().exists(held_case["pdf"])
        assert held_case["previews"] == 0 or not preview_store().has(preview_name(held_case["pdf"], 1))


def test_a_case_not_yet_due_is_not_destroyed(app, client, login, held_case, seed):
    submit(client, "/admin/retention", {"basis": "closed", "age": "25", "years": "60"})
    shown = submit(client, f"/admin/retention/cases/{seed.own_case_id}/destroy", {"reference": "EH123/25/00001"})
    assert "not due for review until 1 January 2079" in shown.errors()[0]
    with app.app_context():
        assert bundle_store().has(held_case["bundle"])
        assert db.session.get(Case, seed.own_case_id).child_name == "Child of North"
        assert db.session.scalars(select(DocumentDestruction)).all() == []


# A name only the test writes, into every free-text column of every row the case holds.
MARKER = "Zebedee Quince"
# Columns a destruction leaves, each for a reason: what the rules wrote, or what the reports count by.
KEPT = {
    "case": {"issues", "extended_sections"},                         # which sections were appealed
    "direction": {"title", "rule", "explanation", "flag", "detail"},  # the deadline and how it was worked out
    "recommendation": {"explanation"},
    "compliance_step": {"act", "explanation", "kinds"},
    "mediation": {"notice_checks", "issues"},
    "evidence_request": {"recipient_name", "recipient_email"},        # the school or professional asked
    "job": {"args", "worker"},
    "bundle_version": {"file_name", "report_json"},  # the name of a file now gone; the report is checked below
    "working_document_version": {"file_name"},
    "audit_event": {"object_label"},  # which record, by kind, number and case reference ("Document 12 of ...")
}
# Not the case's own: the record of the destruction, and accounts.
NOT_THE_CASES = {"document_destruction", "user", "team", "statement_template_override"}


def free_text_columns(table):
    return [column for column in table.columns if column.name not in KEPT.get(table.name, set())
            and not isinstance(column.type, sa.JSON)
            and (isinstance(column.type, sa.Text) or (isinstance(column.type, sa.String)
                                                      and (column.type.length or 0) >= 100))]


def rows_of_the_case(table, case_id):
    """A WHERE clause for the rows of `table` that belong to the case: by its case_id, or its parent's."""
    if table.name == "case":
        return table.c.id == case_id
    if "case_id" in table.c:
        return table.c.case_id == case_id
    parents = [(key.parent, key.column.table) for key in table.foreign_keys if "case_id" in key.column.table.c]
    if parents:
        return sa.or_(*(column.in_(select(parent.c.id).where(parent.c.case_id == case_id))
                        for column, parent in parents))
    return None


def case_tables():
    """(table, its free-text columns) for each table whose rows belong to a case."""
    return [(table, free_text_columns(table)) for table in db.metadata.sorted_tables
            if table.name not in NOT_THE_CASES and rows_of_the_case(table, 0) is not None and free_text_columns(table)]


def everything_written_on(case_id: int) -> set[str]:
    """One row of every kind a case can hold beyond the upload and the build, each naming MARKER in every free-text
    column; returns the tables written to."""
    held_document = db.session.scalar(select(Document.id).where(Document.case_id == case_id))
    direction = Direction(case_id=case_id, title="Send the response", due_date=date(2018, 6, 1), explanation="x")
    statement = StatementOfCase(case_id=case_id)
    plan = EhcPlan(case_id=case_id)
    db.session.add_all([direction, statement, plan])
    db.session.flush()
    document = WorkingDocument(case_id=case_id, plan_id=plan.id, sections=["B", "F"])
    db.session.add(document)
    db.session.flush()
    db.session.add_all([
        DirectionEvent(direction_id=direction.id, action="moved"),
        EvidenceRequest(case_id=case_id, recipient_name="Riverside Primary", due_date=date(2018, 6, 1),
                        section="la_evidence", token_hash="0" * 64, expires_at=datetime(2018, 6, 1)),
        Mediation(case_id=case_id),
        Outcome(case_id=case_id, ending=Ending.decided_at_hearing, ended_on=date(2018, 9, 1)),
        Recommendation(case_id=case_id, body="health", text="x", sent_on=date(2018, 9, 1),
                       due_date=date(2018, 10, 6), explanation="5 weeks"),
        ComplianceStep(case_id=case_id, source=StepSource.order, act="Amend the plan", started_on=date(2018, 9, 1),
                       due_date=date(2018, 10, 6), explanation="reg 44"),
        SectionNote(case_id=case_id, section="la_evidence"),
        Spend(case_id=case_id, kind="legal"),
        StatementVersion(statement_id=statement.id, number=1, parts={}),
        ReviewComment(statement_id=statement.id, part_key="background", version_number=1, body="x"),
        EhcPlanItem(plan_id=plan.id, section="B", key="B-01", number="1", position=1),
        Proposal(working_document_id=document.id, item_key="B-01", start=0, end=0, by="appellant"),
        WorkingDocumentVersion(working_document_id=document.id, number=1, sent_by="la", file_name="wd-v1.docx",
                               sha256="0" * 64),
        Redaction(document_id=held_document, source_sha256="0" * 64),
    ])
    db.session.flush()
    written = set()
    for table, columns in case_tables():
        update = table.update().where(rows_of_the_case(table, case_id))
        if db.session.execute(update.values({column.name: MARKER for column in columns})).rowcount:
            written.add(table.name)
    db.session.commit()
    return written


def test_destroying_leaves_nothing_anyone_wrote_on_the_case(app, client, held_case, seed):
    with app.app_context():
        written = everything_written_on(seed.own_case_id)
        assert {table.name for table, _ in case_tables()} - written == set()  # every kind there, a new one too
    submit(client, f"/admin/retention/cases/{seed.own_case_id}/destroy", {"reference": "EH123/25/00001"})
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            where = rows_of_the_case(table, seed.own_case_id)
            if table.name in NOT_THE_CASES or where is None:
                continue
            for row in db.session.execute(select(table).where(where)).mappings():
                found += [f"{table.name}.{name}" for name, value in row.items()
                          if MARKER in str(value) or "incident log" in str(value).lower()]
    assert found == [], found
    version = client.get(f"/cases/{seed.own_case_id}/bundles/1")  # its page still opens, with what is left
    assert version.status_code == 200 and "Incident log" not in version.get_data(as_text=True)
