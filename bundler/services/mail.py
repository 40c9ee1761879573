"""Sending one e-mail through the SMTP server in the settings (MAIL_*): evidence request links, daily digests."""
import smtplib
from email.message import EmailMessage

from flask import current_app


class EmailNotSent(Exception):
    """The e-mail could not be sent; the message says why."""


def email_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text e-mail; EmailNotSent (with the server's reason) on failure."""
    config = current_app.config
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, config["MAIL_FROM"], to
    message.set_content(body)
    connect = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with connect(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise EmailNotSent(f"The email to {to} could not be sent ({exc}).") from None
