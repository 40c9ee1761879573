"""A real server process killed in the middle of a build: on restart the build is failed, earlier versions intact."""
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import select

from bundler import create_app, jobs
from bundler.extensions import db
from bundler.models import BundleVersion, Job
from bundler.models.jobs import JobState

# The child serves the same instance and starts version 2, with a pause per page so it can be killed mid-build.
CHILD = textwrap.dedent("""
    import sys, time
    from datetime import date
    from bundler import create_app
    from bundler.services import bundles
    from bundler.extensions import db
    from bundler.models import Case, User

    real = bundles.build_bundle
    def slow(manifest, output, progress, **options):
        def report(done, total):
            progress(done, total)
            time.sleep(0.5)
        return real(manifest, output, progress=report, **options)
    bundles.build_bundle = slow

    app = create_app()
    with app.app_context():
        case, user = db.session.get(Case, int(sys.argv[1])), db.session.get(User, int(sys.argv[2]))
        bundles.start_build(case, user, date(2026, 1, 6))
    time.sleep(600)
""")


def test_killed_build_is_failed_on_restart_and_version_1_is_untouched(app, client, login, seed, upload, kit, tmp_path):
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("report.pdf", kit.pdf(6, "report"))])
    kit.wait(app)
    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    kit.wait(app)
    bundles_dir = tmp_path / "bundles"
    version_1 = next(bundles_dir.rglob("bundle-v1.pdf"))
    digest = hashlib.sha256(version_1.read_bytes()).hexdigest()

    (tmp_path / "config.py").write_text("".join(f"{key} = {app.config[key]!r}\n" for key in (
        "SECRET_KEY", "DATABASE_URL", "EVIDENCE_DIR", "BUNDLES_DIR")))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(seed.own_case_id),
                              str(seed.user_ids["tribunal_officer"])],
                             env=dict(os.environ, BUNDLER_INSTANCE=str(tmp_path)))
    try:
        with app.app_context():
            for _ in range(600):
                db.session.expire_all()
                job = db.session.scalar(select(Job).where(Job.kind == "build_bundle").order_by(Job.id.desc()))
                if job.state == JobState.running and job.done > 0:
                    break
                assert child.poll() is None, "the child server stopped by itself"
                time.sleep(0.1)
            assert job.worker == f"{jobs.worker_name().split(':')[0]}:{child.pid}"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()

    restarted = create_app(app.config)
    with restarted.app_context():
        versions = db.session.scalars(select(BundleVersion).order_by(BundleVersion.number)).all()
        assert [(v.number, v.state) for v in versions] == [(1, "built"), (2, "failed")]
        assert versions[1].job.error == jobs.INTERRUPTED
    assert hashlib.sha256(version_1.read_bytes()).hexdigest() == digest
    assert sorted(path.name for path in bundles_dir.rglob("*") if path.is_file()) == ["bundle-v1.pdf"]
