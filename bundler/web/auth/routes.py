"""Signing in and out. Login is rate-limited per address; failures say nothing about which part was wrong."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ...extensions import limiter
from ...models.people import user_by_email
from ..access import audit
from .forms import LoginForm

bp = Blueprint("auth", __name__)


def home_url() -> str:
    """Where a signed-in user starts: the deadlines dashboard when that area exists, else the case list."""
    if "directions.dashboard" in current_app.view_functions:
        return url_for("directions.dashboard")
    return url_for("cases.index")


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
        audit("sign-in refused", detail=form.email.data.strip()[:200])
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        audit("signed out")
        logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
