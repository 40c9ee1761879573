"""Each person turns their own daily digest on or off."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from ...services.mail import email_configured
from ..access import audit, roles_required
from .forms import DigestForm

bp = Blueprint("notifications", __name__)


@bp.route("/account/notifications", methods=["GET", "POST"])
@roles_required()
def settings():
    form = DigestForm(data={"digest": "on" if current_user.daily_digest else "off"})
    if form.validate_on_submit():
        current_user.daily_digest = form.digest.data == "on"
        audit("daily digest " + form.digest.data, None, current_user)
        flash("Daily digest turned " + form.digest.data + ".", "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, configured=email_configured())
