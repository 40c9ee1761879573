from sqlalchemy import func, select

from bundler.extensions import db
from bundler.models import BundleVersion, Document


def test_demo_adds_converted_evidence_and_a_built_bundle_once(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        documents = db.session.scalars(select(Document)).all()
        assert len(documents) == 5 and all(document.status == "ready" for document in documents)
        versions = db.session.scalars(select(BundleVersion)).all()
        assert [(version.number, version.state) for version in versions] == [(1, "built")]
        assert versions[0].page_count > sum(document.page_count for document in documents)
        assert db.session.scalar(select(func.count(Document.id)).where(Document.duplicate_of_id.is_not(None))) == 0
