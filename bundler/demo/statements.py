"""The demo case's drafted statement of case, citing the demo evidence (called by `bundler demo`)."""
from ..drafting.markup import reference_token
from ..extensions import db
from ..models import AuditEvent, Case, Role, User
from ..services.evidence import case_documents
from ..services.statements import workflow

GROUNDS = """The appellant's grounds of appeal, as the local authority understands them, are:
1. Section F does not specify enough speech and language therapy for {child}.
2. Section I should name a specialist school instead of {school}."""

RESPONSE = """## Ground 1: speech and language therapy
The local authority relies on {first}, which sets out the therapy {child} needs. Section F now specifies it: *a speech and language therapist will deliver 30 minutes of direct therapy once a week*, with a programme carried out daily by a trained teaching assistant.

{child}'s progress with that support is recorded in {second}.

## Ground 2: placement
The local authority accepts that {child} has significant needs, but the evidence in {third} shows that they can be met at {school}, and that naming a specialist school would not be an efficient use of resources."""


def seed_statement(case: Case, users: dict[Role, User]) -> None:
    """Give the demo case a draft statement citing three pieces of its evidence (once; run after the evidence)."""
    if workflow.current_statement(case) is not None:
        return
    writer = users[Role.tribunal_officer]
    statement = workflow.start_draft(case, writer)
    if writer.authorised_signatory:
        workflow.set_signatory(statement, writer, writer)
    # Cite the evidence rather than the appeal papers in the core section.
    documents = sorted(case_documents(case), key=lambda doc: doc.section == "core")
    tokens = [reference_token(str(doc.id)) for doc in documents]
    if tokens:  # without evidence the template's own prompts are a better demo than references to nothing
        first, second, third = (tokens * 3)[:3]
        words = {"child": case.child_name.split()[0], "school": case.school or "the current school"}
        workflow.save_part(statement, "grounds", GROUNDS.format(**words), writer)
        workflow.save_part(statement, "response", RESPONSE.format(first=first, second=second, third=third, **words),
                          writer)
    db.session.add(AuditEvent.of("started statement", user=writer, case=case, obj=statement, detail="bundler demo"))
    db.session.commit()
