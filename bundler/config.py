"""Every setting bundler reads, with its default, its type and one line on what it does.

Settings come from these defaults, then the instance folder's `config.py`, then the environment (`BUNDLER_<NAME>`,
and the plain name for the few that other tools share, such as `DATABASE_URL`). Values from the environment are
text, so each is parsed into its type once, here: `BUNDLER_SESSION_COOKIE_SECURE=0` is False, not the string "0".
`check` then refuses a configuration that cannot work, saying what to set. The README's table is `markdown_table()`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A setting that cannot work; the message says what to set."""


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any  # a value, or a function of the instance folder
    help: str
    env: tuple[str, ...] = ()  # environment names besides BUNDLER_<NAME>
    secret: bool = False

    @property
    def env_names(self) -> tuple[str, ...]:
        return (f"BUNDLER_{self.name}", *self.env)

    def default_for(self, instance: Path) -> Any:
        return self.default(instance) if callable(self.default) else self.default


def _in_instance(name: str) -> Callable[[Path], str]:
    return lambda instance: str(instance / name)


SETTINGS: tuple[Setting, ...] = (
    Setting("AUTHORITY_NAME", str, "Demo Borough Council", "The local authority's name, on bundles and statements."),
    Setting("SERVICE_NAME", str, "SEND Tribunal bundles", "The service's name in the page header."),
    Setting("PUBLIC_URL", str, "http://127.0.0.1:5000",
            "The address people use to reach the service, for links made outside a request (the demo, e-mails)."),
    Setting("SECRET_KEY", str, "", "Signs session cookies; made at random once per instance when empty.",
            secret=True),
    Setting("DATABASE_URL", str, lambda instance: f"sqlite:///{instance / 'bundler.sqlite'}",
            "SQLAlchemy URL of the database: SQLite in the instance folder, or postgresql+psycopg://...",
            env=("DATABASE_URL",)),
    Setting("DATABASE_LOCK_SECONDS", int, 10, "Seconds a request waits for another's write to the database to "
            "finish (SQLite's busy timeout, PostgreSQL's lock_timeout) before the page asks to try again."),
    Setting("EVIDENCE_DIR", str, _in_instance("evidence"), "Folder of evidence files when STORAGE_URL is empty."),
    Setting("BUNDLES_DIR", str, _in_instance("bundles"), "Folder of built bundles when STORAGE_URL is empty."),
    Setting("PREVIEWS_DIR", str, _in_instance("previews"), "Folder of page-preview images when STORAGE_URL is "
            "empty."),
    Setting("STORAGE_URL", str, "", "s3://BUCKET[/prefix] keeps evidence, previews and bundles in an "
            "S3-compatible bucket; empty keeps them in the three folders above."),
    Setting("STORAGE_CACHE_DIR", str, _in_instance("storage-cache"), "With STORAGE_URL, local copies of files "
            "read from the bucket (safe to delete)."),
    Setting("S3_ENDPOINT_URL", str, "", "The S3-compatible server's address, with STORAGE_URL."),
    Setting("AWS_ACCESS_KEY_ID", str, "", "Access key for the S3 bucket.", env=("AWS_ACCESS_KEY_ID",)),
    Setting("AWS_SECRET_ACCESS_KEY", str, "", "Secret key for the S3 bucket.", env=("AWS_SECRET_ACCESS_KEY",),
            secret=True),
    Setting("QUEUE_URL", str, "", "redis://host:6379/0 moves the job queue to Redis; empty keeps it in a "
            "SQLite file in the instance folder (no server)."),
    Setting("JOB_WORKERS", int, 2, "Jobs one `bundler worker` runs at once (its default --concurrency)."),
    Setting("JOB_HEARTBEAT_SECONDS", int, 10, "How often a running job shows it is alive, and workers look for "
            "jobs that stopped."),
    Setting("JOB_STALE_SECONDS", int, 60, "A running job silent this long lost its worker: it is run again or "
            "failed."),
    Setting("JOB_ATTEMPTS", int, 2, "Runs a job gets in all when its worker dies under it, before it is failed."),
    Setting("QUEUE_VISIBILITY_SECONDS", int, 3600, "Redis: a message taken by a worker that vanished is given to "
            "another after this long."),
    Setting("SESSION_COOKIE_SECURE", bool, None, "Send the sign-in cookie over HTTPS only (on unless debugging). "
            "Set 0 only for a trial over plain HTTP."),
    Setting("SESSION_IDLE_MINUTES", int, 60, "Minutes without activity before a person is signed out."),
    Setting("LOGIN_RATE_LIMIT", str, "10 per minute", "Sign-in attempts allowed from one address."),
    Setting("ACCOUNT_LOGIN_RATE_LIMIT", str, "5 per 15 minutes", "Sign-in attempts allowed for one account, "
            "from any address (slows password guessing spread over many addresses)."),
    Setting("REQUIRE_TWO_FACTOR", bool, False, "Everyone must sign in with a code from an authenticator app as "
            "well as their password; anyone not set up is asked to at their next sign-in."),
    Setting("OIDC_ISSUER", str, "", "Single sign-on: the OpenID Connect provider's issuer address (Microsoft Entra "
            "ID: https://login.microsoftonline.com/TENANT-ID/v2.0); empty turns it off."),
    Setting("OIDC_CLIENT_ID", str, "", "Single sign-on: the client (application) id registered with the provider."),
    Setting("OIDC_CLIENT_SECRET", str, "", "Single sign-on: the client secret.", secret=True),
    Setting("OIDC_PROVIDER_NAME", str, "your council account", "Single sign-on: the button reads \"Sign in with "
            "...\"."),
    Setting("INVITATION_DAYS", int, 7, "Days an invitation link works before the person must be invited "
            "again."),
    Setting("PASSWORD_RESET_MINUTES", int, 60, "Minutes a password-reset link works."),
    Setting("RATELIMIT_STORAGE_URI", str, "", "Where rate limits are counted; empty uses QUEUE_URL's Redis "
            "when set, else this process's memory."),
    Setting("PROXY_FIX", bool, False, "Behind a reverse proxy: trust its X-Forwarded-* headers for the scheme, "
            "host and client address."),
    Setting("MAX_UPLOAD_MB", int, 200, "Largest upload in one request, in megabytes."),
    Setting("MAX_DOCUMENT_PAGES", int, 2000, "An uploaded PDF (or multi-page TIFF) with more pages than this is "
            "refused: ask for it in parts."),
    Setting("MAX_WORD_UNPACKED_MB", int, 200, "A Word or OpenDocument file whose parts unzip to more megabytes "
            "than this is refused (a zip bomb)."),
    Setting("MAX_IMAGE_MEGAPIXELS", int, 50, "An uploaded image with more million pixels than this is refused "
            "(an A4 page scanned at 600 dpi has 35)."),
    Setting("INTAKE_MEMORY_MB", int, 1024, "Memory the checks of one uploaded file may use (they run in a "
            "process of their own); a file needing more is refused."),
    Setting("INTAKE_SECONDS", int, 60, "Seconds the checks of one uploaded file may take before it is "
            "refused."),
    Setting("CLAMD_SOCKET", str, "", "Path of ClamAV's clamd socket (e.g. /run/clamav/clamd.ctl): every upload "
            "is scanned and an infected one refused, never stored. Empty: uploads are not scanned."),
    Setting("EMAIL_BUNDLE_LIMIT_MB", int, 36, "A built bundle larger than this many megabytes is shown with a "
            "warning that it is too large to e-mail (36 MB is the limit for e-mail to justice.gov.uk); 0 turns "
            "the warning off."),
    Setting("OCR_JOBS", int, 0, "OCRmyPDF processes per scanned document (--jobs); 0 uses every core."),
    Setting("WARM_LIBREOFFICE", bool, True, "Word files are converted by one LibreOffice kept running in each "
            "worker process (unoserver under Debian's python3 with python3-uno), started on the first conversion; "
            "off, or when it cannot start, LibreOffice is started afresh for each file (seconds slower)."),
    Setting("EVIDENCE_REQUEST_GRACE_DAYS", int, 14, "Days an evidence-request link keeps working after its due "
            "date."),
    Setting("MAIL_SERVER", str, "", "SMTP server for e-mails; empty shows links to copy instead."),
    Setting("MAIL_PORT", int, 587, "SMTP port."),
    Setting("MAIL_USE_TLS", bool, True, "STARTTLS on the SMTP connection."),
    Setting("MAIL_USE_SSL", bool, False, "SMTP over TLS from the start (port 465)."),
    Setting("MAIL_USERNAME", str, "", "SMTP user name, if the server needs one."),
    Setting("MAIL_PASSWORD", str, "", "SMTP password.", secret=True),
    Setting("MAIL_FROM", str, "", "The From address of e-mails; needed with MAIL_SERVER."),
    Setting("LOG_LEVEL", str, "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
)

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def parse(setting: Setting, value: Any, source: str) -> Any:
    """`value` in the setting's type; text (from the environment) is parsed, other values are checked."""
    if setting.type is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE | FALSE:
            return text in TRUE
        raise ConfigError(f"{source} is {value!r}: set it to 1 (on) or 0 (off).")
    if setting.type is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise ConfigError(f"{source} is {value!r}: set it to a whole number.") from None
    return str(value)


def load(instance: Path, file_values: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Each setting's value: the default, then the instance config.py, then the environment."""
    values = {}
    for setting in SETTINGS:
        value, source = setting.default_for(instance), None
        if setting.name in file_values:
            value, source = file_values[setting.name], f"{setting.name} in config.py"
        for name in setting.env_names:
            if name in environ:
                value, source = environ[name], f"the environment variable {name}"
        values[setting.name] = parse(setting, value, source) if source else value
    return values


def check(config: Mapping[str, Any]) -> None:
    """Refuse, before serving, a configuration that cannot work."""
    problems = []
    if config.get("MAIL_SERVER") and not config.get("MAIL_FROM"):
        problems.append("MAIL_SERVER is set but MAIL_FROM is not: set BUNDLER_MAIL_FROM to the address e-mails "
                        "come from.")
    if config.get("OIDC_ISSUER") and not (config.get("OIDC_CLIENT_ID") and config.get("OIDC_CLIENT_SECRET")):
        problems.append("OIDC_ISSUER is set but the client is not: set BUNDLER_OIDC_CLIENT_ID and "
                        "BUNDLER_OIDC_CLIENT_SECRET to the application registered with the provider.")
    storage = config.get("STORAGE_URL") or ""
    if storage:
        if not storage.startswith("s3://") or len(storage) <= len("s3://"):
            problems.append(f"STORAGE_URL {storage!r} is not s3://BUCKET[/prefix].")
        if not config.get("S3_ENDPOINT_URL"):
            problems.append("STORAGE_URL is set but S3_ENDPOINT_URL is not: set BUNDLER_S3_ENDPOINT_URL to the "
                            "S3 server's address, for example https://s3.example.gov.uk.")
        if not (config.get("AWS_ACCESS_KEY_ID") and config.get("AWS_SECRET_ACCESS_KEY")):
            problems.append("STORAGE_URL is set but the bucket's credentials are not: set AWS_ACCESS_KEY_ID and "
                            "AWS_SECRET_ACCESS_KEY.")
    queue = config.get("QUEUE_URL") or ""
    if queue and not queue.startswith(("redis://", "rediss://", "sqla+", "filesystem://", "memory://")):
        problems.append(f"QUEUE_URL {queue!r} is not a redis:// address.")
    if config.get("LOG_LEVEL", "INFO").upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        problems.append("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR.")
    if problems:
        raise ConfigError("bundler cannot start with this configuration:\n- " + "\n- ".join(problems))


def markdown_table() -> str:
    """The README's configuration table."""
    rows = ["| setting | environment | default | what it does |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        default = setting.default
        shown = "in the instance folder" if callable(default) else ("(empty)" if default == "" else str(default))
        if setting.type is bool:
            shown = "0" if default is False else "1"
        rows.append(f"| `{setting.name}` | {', '.join(f'`{name}`' for name in setting.env_names)} | {shown} | "
                    f"{setting.help} |")
    return "\n".join(rows)
