"""Where pages send people: shared by the sign-in page and the home address."""
from flask import current_app, url_for


def home_url() -> str:
    """Where a signed-in user starts: the deadlines dashboard when that area exists, else the case list."""
    if "directions.dashboard" in current_app.view_functions:
        return url_for("directions.dashboard")
    return url_for("cases.index")
