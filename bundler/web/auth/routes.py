"""Signing in and out. Login is rate-limited per address; failures say nothing about which part was wrong."""
import logging
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ...extensions import limiter
from ...models.people import user_by_email
from ..access import audit
from ..deployment import plain_http_cookie_advice
from ..navigation import home_url
from .forms import LoginForm

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


@bp.before_app_request
def sign_out_when_idle():
    """Sign out anyone idle longer than SESSION_IDLE_MINUTES: screens with children's data get left open."""
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    last_seen = session.get("seen", now)
    if now - last_seen > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        audit("signed out", detail="idle")
        logout_user()
        session.pop("seen", None)
        flash(f"You were signed out after {current_app.config['SESSION_IDLE_MINUTES']} minutes without activity. "
              "Sign in again to continue.")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    session["seen"] = now
    return None


def safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site, so the login page cannot be used to redirect elsewhere."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return home_url()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            audit("signed in")
            return redirect(safe_next(request.args.get("next")))
        audit("sign-in refused", detail=form.email.data[:200])
        log.warning("Sign-in refused for %s", f"user {user.id}" if user is not None else "an unknown address")
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/login.html", form=form, cookie_advice=plain_http_cookie_advice())


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        audit("signed out")
        logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
