"""Advice for the set-ups that stop sign-in working: a Secure cookie over plain HTTP, a database not yet upgraded."""
from flask import current_app, request

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

PLAIN_HTTP_ADVICE = (
    "This service is being reached over plain HTTP, so your browser will not send back its sign-in cookie "
    "(it is marked Secure) and signing in will fail. Serve bundler over HTTPS, or for a trial only set "
    "BUNDLER_SESSION_COOKIE_SECURE=0 and restart it.")


def plain_http_cookie_advice() -> str | None:
    """Why sign-in is about to fail, when the cookie is Secure and the browser reached us over HTTP elsewhere than
    this machine (browsers send Secure cookies to http://localhost)."""
    if not current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure:
        return None
    return None if request.host.rsplit(":", 1)[0] in LOCAL_HOSTS else PLAIN_HTTP_ADVICE
