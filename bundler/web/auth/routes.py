"""Signing in and out, setting a password from a one-time link, and two-factor sign-in.

Sign-in is rate-limited per address and per account; failures say nothing about which part was wrong, and the
password-reset form answers the same whether or not the address has an account. Signing in starts a new session
(nothing from before survives it), so a session planted before sign-in is worthless afterwards.
"""
import logging
import time
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ...extensions import db, limiter
from ...models import User
from ...models.accounts import AccountLinkPurpose
from ...models.people import normalise_email, user_by_email
from ...services import accounts
from ...services.mail import EmailNotSent, email_configured
from ..access import audit
from ..deployment import plain_http_cookie_advice
from ..navigation import home_url
from . import single_sign_on
from .forms import CodeForm, LoginForm, NewPasswordForm, ResetRequestForm

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
PENDING_SECONDS = 300  # between the password and the second step


@bp.record_once
def set_up_single_sign_on(state):
    single_sign_on.init_app(state.app)


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


def account_key() -> str:
    """The per-account rate-limit key: the address typed, however it was capitalised or spaced."""
    return "account:" + normalise_email(request.form.get("email", ""))


def account_limit_message() -> str:
    return (f"There have been too many sign-in attempts for this account "
            f"({current_app.config['ACCOUNT_LOGIN_RATE_LIMIT']}). Wait, then try again, or reset your password.")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["ACCOUNT_LOGIN_RATE_LIMIT"], key_func=account_key, methods=["POST"],
               error_message=account_limit_message, deduct_when=lambda response: response.status_code == 200)
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = user_by_email(form.email.data)
        if user is not None and user.active and user.check_password(form.password.data):
            return after_password(user, safe_next(request.args.get("next")))
        audit("sign-in refused", detail=form.email.data[:200])
        log.warning("Sign-in refused for %s", f"user {user.id}" if user is not None else "an unknown address")
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/login.html", form=form, cookie_advice=plain_http_cookie_advice(),
                           can_reset=email_configured(),
                           single_sign_on=current_app.config["OIDC_PROVIDER_NAME"] if single_sign_on.provider()
                           else None)


@bp.get("/login/single-sign-on")
def single_sign_on_start():
    client = single_sign_on.provider()
    if client is None:
        abort(404)
    session["sign_on_next"] = safe_next(request.args.get("next"))
    return client.authorize_redirect(url_for("auth.single_sign_on_done", _external=True))


@bp.get("/login/single-sign-on/done")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def single_sign_on_done():
    """The provider sends the person back here; its ID token (signature, issuer, audience, nonce) says who they are.
    Signing in this way skips bundler's own second factor: the provider's sign-in is where multi-factor happens."""
    client = single_sign_on.provider()
    if client is None:
        abort(404)
    try:
        token = client.authorize_access_token()
    except single_sign_on.SIGN_ON_ERRORS as exc:
        log.warning("Single sign-on did not complete: %s", type(exc).__name__)
        flash("Single sign-on did not complete. Try again, or sign in with your e-mail address and password.")
        return redirect(url_for("auth.login"))
    email = single_sign_on.email_from(token.get("userinfo") or {})
    user = user_by_email(email) if email else None
    if user is None or not user.active:
        audit("sign-in refused", detail=f"single sign-on as {email or 'someone with no e-mail address'}"[:200])
        log.warning("Single sign-on refused for %s", f"user {user.id}" if user is not None else "an unknown address")
        flash(f"There is no active account for {email or 'you'} here. Ask an administrator to add you.")
        return redirect(url_for("auth.login"))
    return finish_sign_in(user, session.get("sign_on_next") or home_url(), how="single sign-on")


def after_password(user: User, next_url: str):
    """The password was right: sign in, or first ask for the second factor (or to set one up, when required)."""
    if not user.totp_secret and not accounts.two_factor_required():
        return finish_sign_in(user, next_url)
    session.clear()
    session.update(pending_user=user.id, pending_next=next_url, pending_at=int(time.time()))
    return redirect(url_for("auth.two_factor" if user.totp_secret else "auth.two_factor_setup"))


def finish_sign_in(user: User, next_url: str, how: str = ""):
    session.clear()  # a new session: nothing set before sign-in carries over (session fixation)
    login_user(user)
    audit("signed in", detail=how)
    return redirect(next_url)


def pending_user() -> User | None:
    """The person between their password and their second factor, for a few minutes."""
    user_id, started = session.get("pending_user"), session.get("pending_at", 0)
    if user_id is None or time.time() - started > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor():
    user = pending_user()
    if user is None or not user.totp_secret:
        flash("Sign in again to continue.")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        how = accounts.check_second_factor(user, form.code.data)
        if how is not None:
            return finish_sign_in(user, session.get("pending_next") or home_url(),
                                  "with a recovery code" if how == "recovery code" else "with a code")
        audit("sign-in refused", obj=user, detail="wrong two-factor code")
        form.code.errors.append("Enter the 6-digit code from your authenticator app, or one of your recovery codes")
    return render_template("auth/two_factor.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
def two_factor_setup():
    """Set up an authenticator app: while signed in, or at sign-in when the service requires it."""
    user = current_user if current_user.is_authenticated else pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if not current_user.is_authenticated and user.totp_secret:  # a new app only once signed in with the old one
        return redirect(url_for("auth.two_factor"))
    secret = session.setdefault("totp_setup", accounts.new_totp_secret())
    form = CodeForm()
    if form.validate_on_submit():
        codes = accounts.confirm_totp(user, secret, form.code.data)
        if codes is not None:
            session.pop("totp_setup", None)
            audit("set up two-factor sign-in", obj=user)
            next_url = home_url() if current_user.is_authenticated else session.get("pending_next") or home_url()
            if not current_user.is_authenticated:
                finish_sign_in(user, next_url, "after setting up two-factor sign-in")
            return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
        form.code.errors.append("The code does not match. Enter the 6-digit code your app shows now")
    return render_template("auth/two_factor_setup.html", form=form, secret=secret,
                           uri=accounts.totp_uri(user, secret), required=accounts.two_factor_required())


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html", codes_left=accounts.recovery_codes_left(current_user),
                           required=accounts.two_factor_required())


@bp.post("/account/recovery-codes")
@login_required
def new_recovery_codes():
    if not current_user.totp_secret:
        abort(404)
    codes = accounts.new_recovery_codes(current_user)
    audit("made new recovery codes", obj=current_user)
    return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account"))


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            accounts.request_reset(form.email.data, lambda token: url_for(
                "auth.set_password", purpose="reset", token=token, _external=True))
            db.session.commit()
        except EmailNotSent:
            log.error("A password-reset email could not be sent")  # the same answer either way
        return render_template("auth/reset_sent.html", email=normalise_email(form.email.data))
    return render_template("auth/reset_request.html", form=form, can_reset=email_configured())


@bp.route("/<any(invitation, reset):purpose>/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def set_password(purpose, token):
    """Choose your own password from an invitation or a reset link; the link works once."""
    link = accounts.usable_link(token, AccountLinkPurpose(purpose))
    if link is None:
        return render_template("auth/link_expired.html", purpose=purpose), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        problem = accounts.password_problem(form.password.data, link.user.email)
        if problem:
            form.password.errors.append(problem)
        else:
            accounts.set_password_from_link(link, form.password.data)
            audit("set own password", obj=link.user, detail=f"from {link.purpose.label.lower()} link")
            flash("Your password is saved. Sign in with it now.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=link.user, purpose=purpose)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        audit("signed out")
        logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
