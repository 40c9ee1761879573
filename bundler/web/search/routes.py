"""Full-text search across a case's documents. The form posts, so the words searched for (often a child's name)
stay out of web addresses, browser history and access logs."""
from flask import Blueprint, render_template

from ...services import search
from ..access import audit, case_for_user
from .forms import SearchForm

bp = Blueprint("search", __name__, url_prefix="/cases/<int:case_id>/search")


@bp.route("", methods=["GET", "POST"])
def index(case_id):
    case = case_for_user(case_id)
    form = SearchForm()
    hits = None
    if form.validate_on_submit():
        hits = search.search(case, form.query.data)
        audit("searched documents", case, detail=f"{len(hits)} page(s) found")
    return render_template("search/index.html", case=case, form=form, hits=hits, limit=search.LIMIT)
