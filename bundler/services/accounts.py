"""Accounts: invitations and password resets by one-time link, the password rules, and two-factor sign-in.

No administrator ever sets someone else's password: they invite, and the person chooses their own through a link
that works once, expires, and is kept only as a hash. Passwords follow NCSC guidance: a minimum length and a check
against a list of common passwords (`bundler/rules/common_passwords.txt`), no composition rules.
"""
import time
from datetime import timedelta
from functools import cache
from pathlib import Path

import pyotp
from flask import current_app
from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import User
from ..models.accounts import AccountLink, AccountLinkPurpose, RecoveryCode
from ..models.audit import utc_now
from ..models.people import MIN_PASSWORD, user_by_email
from ..tokens import new_token, token_hash
from .mail import email_configured, send_email

COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "rules" / "common_passwords.txt"
RECOVERY_CODES = 10
TACKED_ON_SYMBOLS = "!?.*#$@"


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password cannot be used, in words a person can act on; None when it can."""
    if len(password) < MIN_PASSWORD:
        return f"Password must be {MIN_PASSWORD} characters or more: a few words you will remember works well"
    lowered = password.lower()
    # "Password1234!" is as guessable as "password1234" and "password": look past a capital and what is tacked on
    guessable = {lowered, lowered.rstrip(TACKED_ON_SYMBOLS), lowered.rstrip(TACKED_ON_SYMBOLS + "0123456789")}
    if guessable & common_passwords():
        return "This password is one of the most common, so it is easy to guess. Choose a different one"
    if email and email.split("@")[0].lower() in lowered and len(email.split("@")[0]) >= 4:
        return "Your password must not contain your email address. Choose a different one"
    return None


# One-time links -------------------------------------------------------------------------------------------------

def link_lifetime(purpose: AccountLinkPurpose) -> timedelta:
    config = current_app.config
    if purpose == AccountLinkPurpose.invitation:
        return timedelta(days=config["INVITATION_DAYS"])
    return timedelta(minutes=config["PASSWORD_RESET_MINUTES"])


def issue_link(user: User, purpose: AccountLinkPurpose) -> str:
    """A new one-time link token for `user`; any earlier unused link of theirs stops working."""
    db.session.execute(delete(AccountLink).where(AccountLink.user_id == user.id, AccountLink.used_at.is_(None)))
    token, hashed = new_token()
    db.session.add(AccountLink(user_id=user.id, purpose=purpose, token_hash=hashed,
                               expires_at=utc_now() + link_lifetime(purpose)))
    return token


def usable_link(token: str, purpose: AccountLinkPurpose) -> AccountLink | None:
    """The link for this token if it is of this purpose, unused, unexpired and for an active account."""
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == token_hash(token)))
    if link is None or link.purpose != purpose or link.used_at is not None or link.expires_at <= utc_now():
        return None
    return link if link.user.active else None


def set_password_from_link(link: AccountLink, password: str) -> None:
    """Set the person's own password and spend the link. The caller has checked `password_problem`."""
    link.user.set_password(password)
    link.used_at = utc_now()


def link_email(user: User, url: str, purpose: AccountLinkPurpose) -> tuple[str, str]:
    """The subject and text of the e-mail that carries a person's link."""
    config = current_app.config
    service, lifetime = config["SERVICE_NAME"], link_lifetime(purpose)
    works_for = f"{lifetime.days} days" if lifetime.days else f"{lifetime.seconds // 60} minutes"
    if purpose == AccountLinkPurpose.invitation:
        subject, opening = (f"You have been invited to {service}",
                            f"{config['AUTHORITY_NAME']} has given you an account on {service}.\n\n"
                            "Choose your password using this link.")
        closing = "If you did not expect this, you can ignore this email."
    else:
        subject, opening = (f"Reset your password for {service}",
                            f"Someone asked to reset the password of your account on {service}.\n\n"
                            "Choose a new password using this link.")
        closing = "If it was not you, ignore this email: your password has not changed."
    return subject, f"Dear {user.name},\n\n{opening} It works once, for {works_for}:\n{url}\n\n{closing}\n"


def send_link(user: User, url: str, purpose: AccountLinkPurpose) -> bool:
    """E-mail the link when SMTP is configured; True when sent, EmailNotSent when the server refused."""
    if not email_configured():
        return False
    send_email(user.email, *link_email(user, url, purpose))
    return True


def request_reset(email: str, make_url) -> None:
    """E-mail a reset link to the account with this address, if there is an active one. The caller shows the
    same answer either way, so the form cannot be used to find out who has an account."""
    user = user_by_email(email)
    if user is None or not user.active or not email_configured():
        return
    send_link(user, make_url(issue_link(user, AccountLinkPurpose.reset)), AccountLinkPurpose.reset)


# Two-factor sign-in ---------------------------------------------------------------------------------------------

def two_factor_required() -> bool:
    return bool(current_app.config["REQUIRE_TWO_FACTOR"])


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["SERVICE_NAME"])


def code_step(secret: str, code: str) -> int | None:
    """The time step a six-digit code belongs to (now, or a step either side for clock drift); None if none."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = int(time.time()) // totp.interval
    for candidate in (step, step - 1, step + 1):
        if totp.at(candidate * totp.interval) == code:
            return candidate
    return None


def confirm_totp(user: User, secret: str, code: str) -> list[str] | None:
    """Turn on two-factor sign-in when `code` matches the new secret; returns the recovery codes to show once."""
    step = code_step(secret, code)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    return new_recovery_codes(user)


def check_second_factor(user: User, code: str) -> str | None:
    """How the person proved it: "code" (authenticator), "recovery code", or None when neither matches. A code
    already used, or one older than the last used, is refused, so an overheard code cannot be replayed."""
    step = code_step(user.totp_secret, code) if user.totp_secret else None
    if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
        user.totp_last_step = step
        return "code"
    if use_recovery_code(user, code):
        return "recovery code"
    return None


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes (any earlier ones stop working); only their hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = pyotp.random_base32().lower()[:10]  # 50 random bits
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=token_hash(normalise_recovery_code(raw))))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend a recovery code; the update only succeeds once, even for two requests at the same moment."""
    normalised = normalise_recovery_code(code)
    if len(normalised) != 10:
        return False
    spent = db.session.execute(update(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == token_hash(normalised),
        RecoveryCode.used_at.is_(None)).values(used_at=utc_now()))
    return spent.rowcount == 1


def recovery_codes_left(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def turn_off_two_factor(user: User) -> None:
    """An administrator's reset for someone who lost their authenticator and their codes."""
    user.totp_secret = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
