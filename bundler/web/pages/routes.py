"""The home address and the pages every public service needs: accessibility and privacy."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..navigation import home_url

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    return redirect(home_url() if current_user.is_authenticated else url_for("auth.login"))


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")
