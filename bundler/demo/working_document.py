"""The demo case's working document: the authority's plan held as data, one proposal from each side, and version
1 written (called by `bundler demo`), so the pages and `bundler working-document export` have something to show."""
from .. import jobs
from ..extensions import db
from ..models import AuditEvent, Case, Role, User
from ..models.audit import utc_now
from ..services.working_document import documents, plans
from ..working_document.plan import EhcPlan, PlanItem, PlanSection, Provision

NEED = "{child} finds it hard to follow spoken instructions of more than two steps in class."


def demo_plan(child: str, school: str) -> EhcPlan:
    """A small plan as an authority issues it: needs, outcomes, a provision table and the placement."""
    return EhcPlan((
        PlanSection("B", "Special educational needs", (
            PlanItem("B-CI-01", "1", NEED.format(child=child), heading="Communication and interaction"),
            PlanItem("B-SEMH-01", "2", f"{child} becomes anxious in busy, noisy rooms.",
                     heading="Social, emotional and mental health"),
        )),
        PlanSection("E", "Outcomes", (
            PlanItem("E-01", "1", f"By the end of Year 5, {child} will follow three-step instructions in class."),)),
        PlanSection("F", "Special educational provision", (
            PlanItem("F-01", "1", provision=Provision(
                "Speech and language therapy", "an HCPC-registered speech and language therapist",
                "once a week", "30 minutes", "1:1", meets_needs="B-CI-01", outcomes="E-01")),
            PlanItem("F-02", "2", provision=Provision(
                "A quiet space to go to when anxious", "a trained teaching assistant", "daily", "as needed",
                meets_needs="B-SEMH-01")),
        ), ("what", "who", "how_often", "how_long", "group_size", "meets_needs")),
        PlanSection("I", "Placement", (PlanItem("I-01", "1", school or "The current school"),)),
    ), version="Final plan", status="final")


def seed_working_document(case: Case, users: dict[Role, User]) -> None:
    """Once: the plan, the working document, a proposal from each side, and version 1."""
    if documents.working_document_for(case) is not None:
        return
    officer = users[Role.tribunal_officer]
    child = case.child_name.split()[0]
    plan = plans.from_rules(case, demo_plan(child, case.school), source=None, user=officer)
    plan.confirmed_at, plan.confirmed_by_id = utc_now(), officer.id
    db.session.add(plan)
    db.session.flush()
    document = documents.start(case, plan)
    db.session.flush()
    documents.propose(document, "F-02", "how_long", "up to 15 minutes each time", officer)
    documents.propose(document, "F-01", "how_often", "twice a week", officer, by="appellant")
    version = documents.write_version(document, officer)
    db.session.add(AuditEvent.of("wrote working document", user=officer, case=case, obj=version,
                                 detail="bundler demo"))
    db.session.commit()
    jobs.send(version.page_check_job)
