"""Sending one e-mail over the configured SMTP server: evidence-request links, invitations and password resets."""
import smtplib
from email.message import EmailMessage

from flask import current_app


class EmailNotSent(Exception):
    """The e-mail could not be sent; the message says why, so the sender can pass the link on another way."""


def email_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text e-mail; EmailNotSent with a reason when the server refuses or cannot be reached."""
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
        raise EmailNotSent(f"The email to {to} could not be sent ({exc}). "
                           "Copy the link and send it yourself, or ask IT to check the mail settings.") from None
