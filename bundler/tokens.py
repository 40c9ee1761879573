"""Secrets in links (evidence upload links, calendar feeds): the person gets the token once; only its hash is kept."""
import hashlib
import secrets


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A new token and its hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)
