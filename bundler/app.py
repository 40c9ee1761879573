"""The Flask app factory: configuration, extensions, templates, one blueprint per area."""
import logging
import os
from importlib import import_module
from pathlib import Path

from flask import Config, Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as settings
from .engine import convert, document_date
from .instance import instance_secret
from .schema import UNAVAILABLE_ADVICE, UNAVAILABLE_TITLE, UPGRADE_ADVICE, engine_options, is_missing_schema
from .storage import StoreError
from .web.deployment import plain_http_cookie_advice

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_INSTANCE = PACKAGE_DIR.parent / "instance"
# static/ sits at the top of the source tree; a wheel carries it inside the package (see setup.py).
STATIC_DIR = PACKAGE_DIR / "static" if (PACKAGE_DIR / "static").is_dir() else PACKAGE_DIR.parent / "static"

# No inline script or style anywhere; frames only from this site (document previews).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'")

# One line for each area with pages (bundler/web/<area>/).
WEB_AREAS = (
    "pages",
    "auth",
    "cases",
    "admin",
    "evidence",
    "redaction",
    "evidence_batch",
    "search",
    "evidence_requests",
    "bundles",
    "bundle_index",
    "directions",
    "statements",
    "mediation",
    "outcomes",
    "reports",
    "notifications",
    "working_document",
)

ERROR_PAGES = {
    400: ("Sorry, there is a problem with that request",
          "Go back, reload the page and try again. If you left a form open a long time, sign in again."),
    403: ("You do not have permission to see this page",
          "Your role does not allow this. Ask an administrator if you think you need it."),
    404: ("Page not found", "Check the web address, or go back to the list of cases."),
    429: ("Too many attempts", "Wait a minute, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you entered has been lost."),
}


def create_app(test_config=None):
    instance_path = os.environ.get("BUNDLER_INSTANCE") or str(DEFAULT_INSTANCE)
    app = Flask(__package__, instance_path=os.path.abspath(instance_path),
                instance_relative_config=True, static_folder=str(STATIC_DIR))
    os.makedirs(app.instance_path, exist_ok=True)
    configure(app, test_config)
    configure_logging(app.config["LOG_LEVEL"])
    convert.keep_libreoffice_warm(app.config["WARM_LIBREOFFICE"])
    if app.config["PROXY_FIX"]:
        # Behind one reverse proxy: its X-Forwarded-For/Proto/Host give the real client, scheme and host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    init_extensions(app)
    init_templates(app)
    register_blueprints(app)
    register_error_pages(app)
    app.after_request(add_security_headers)
    return app


def configure(app, test_config):
    """Every setting of `bundler.config`, from its default, the instance `config.py` and the environment (a test
    passes its own mapping instead of the last two), parsed into its type once; then checked."""
    instance = Path(app.instance_path)
    file_values, environ = {}, {}
    if test_config is None:
        from_file = Config(app.instance_path)
        from_file.from_pyfile("config.py", silent=True)
        file_values, environ = dict(from_file), os.environ
    app.config.from_mapping(settings.load(instance, file_values, environ))
    app.config.from_mapping({key: value for key, value in file_values.items() if key not in app.config})
    app.config.from_mapping(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        CONTENT_SECURITY_POLICY=CONTENT_SECURITY_POLICY,
        MAX_CONTENT_LENGTH=app.config["MAX_UPLOAD_MB"] * 1024 * 1024,
    )
    app.config.from_mapping(test_config or {})
    derive_settings(app.config, debugging=app.debug or app.testing)
    if not app.config.get("SECRET_KEY"):
        # Signs session cookies: made at random once per instance unless config.py or BUNDLER_SECRET_KEY sets it.
        app.config["SECRET_KEY"] = instance_secret(app.instance_path, "secret-key", 32)
    settings.check(app.config)


def configure_logging(level: str) -> None:
    """bundler's own loggers at the configured level, on stderr (ids in messages, never names)."""
    logger = logging.getLogger("bundler")
    logger.setLevel(level.upper())
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


def derive_settings(config, debugging: bool) -> None:
    """Flask's and the extensions' own names for what bundler's settings say."""
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config["DATABASE_URL"], config["DATABASE_LOCK_SECONDS"])
    if config["SESSION_COOKIE_SECURE"] is None:  # HTTPS only, except while debugging or testing on plain http
        config["SESSION_COOKIE_SECURE"] = not debugging
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    if not config["RATELIMIT_STORAGE_URI"]:
        queue = config["QUEUE_URL"]
        config["RATELIMIT_STORAGE_URI"] = queue if queue.startswith(("redis://", "rediss://")) else "memory://"
    # Redis gone away: count in this process until it is back, rather than refuse every sign-in.
    config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True


def init_extensions(app):
    from . import models  # noqa: F401  (every table known before Alembic looks)
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    from . import jobs
    jobs.init_app(app)

    @login_manager.user_loader
    def load_user(user_id):
        return db.session.get(models.User, int(user_id))


def init_templates(app):
    from .dates import page_date, page_time
    from .files import file_size
    from .web.forms import error_summary

    app.jinja_loader = ChoiceLoader([
        PackageLoader("bundler"),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(page_date)
    app.add_template_filter(page_time)
    app.add_template_filter(file_size)
    app.add_template_global(document_date.SOURCES, "date_sources")  # where a date read from a file came from
    # Areas land independently: templates link to another area only when its endpoint exists.
    app.add_template_global(lambda endpoint: endpoint in app.view_functions, "has_endpoint")
    WTFormsHelpers(app)
    app.add_template_global(error_summary, "wtforms_errors")  # every form's summary links dates to their day box


def register_blueprints(app):
    """Each area's blueprint: the `bp` in `bundler/web/<area>/routes.py`."""
    for area in WEB_AREAS:
        app.register_blueprint(import_module(f".web.{area}.routes", __package__).bp)


def register_error_pages(app):
    def handler(error):
        code = getattr(error, "code", 500) or 500
        title, advice = ERROR_PAGES.get(code, ERROR_PAGES[500])
        limit = getattr(error, "limit", None)
        if limit is not None and limit.error_message:  # a rate limit that says how long to wait
            advice = error.description
        return render_template("errors/error.html", title=title, advice=advice), code

    def csrf_failed(error):
        log.warning("CSRF check failed on %s %s", request.method, request.path)
        title, advice = ERROR_PAGES[400]
        return render_template("errors/error.html", title=title,
                               advice=plain_http_cookie_advice() or advice), 400

    def database_failed(error):
        if is_missing_schema(error):
            log.error("The database is not upgraded: %s", type(error).__name__)
            return render_template("errors/error.html", title="The service is not set up yet",
                                   advice=UPGRADE_ADVICE, with_home_link=False), 503
        if not isinstance(error, OperationalError):
            raise error
        # Locked, restarted or out of reach: the driver's first line says which, without the statement's values.
        log.error("The database failed a request: %s: %s", type(error.orig).__name__,
                  (str(error.orig).strip().splitlines() or [""])[0])
        return render_template("errors/error.html", title=UNAVAILABLE_TITLE, advice=UNAVAILABLE_ADVICE), 503

    def storage_failed(error):
        log.error("File storage failed: %s", error)
        return render_template("errors/error.html", title="Files cannot be stored or read just now",
                               advice=f"Try again later. If it keeps happening, tell the service administrator: "
                                      f"{error}"), 503

    for code in ERROR_PAGES:
        app.register_error_handler(code, handler)
    app.register_error_handler(StoreError, storage_failed)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(OperationalError, database_failed)
    app.register_error_handler(ProgrammingError, database_failed)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", current_app.config["CONTENT_SECURITY_POLICY"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.mimetype == "text/html":
        # Pages carry children's data: never keep them in a shared or browser cache.
        headers.setdefault("Cache-Control", "no-store")
    return response
