"""Single sign-on with OpenID Connect (Authlib), for councils that sign staff in through Microsoft Entra ID or
another provider. The provider proves who the person is; bundler's own account (role, teams, active) decides what
they may see. Nobody gets an account by signing in: an administrator adds them first."""
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import current_app
from joserfc.errors import JoseError
from requests import RequestException

from ...models.people import normalise_email

# What can go wrong between the provider and here: refused or cancelled, a state or nonce that does not match, a
# token whose signature or claims fail, the provider unreachable.
SIGN_ON_ERRORS = (AuthlibBaseError, JoseError, RequestException, ValueError)


def init_app(app) -> None:
    """Register the provider when OIDC_ISSUER is set; it reads the provider's discovery document on first use."""
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    oauth = OAuth(app)
    oauth.register("provider", client_id=app.config["OIDC_CLIENT_ID"],
                   client_secret=app.config["OIDC_CLIENT_SECRET"],
                   server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
                   client_kwargs={"scope": "openid email profile"})
    app.extensions["single_sign_on"] = oauth.provider


def provider():
    """The registered provider's client, or None when single sign-on is off."""
    return current_app.extensions.get("single_sign_on")


def email_from(claims: dict) -> str:
    """The person's work e-mail: `email`, or Entra ID's `preferred_username` (their sign-in name) without it."""
    return normalise_email(str(claims.get("email") or claims.get("preferred_username") or ""))
