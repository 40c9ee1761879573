"""Compare versions on the page: paragraphs as they will read (numbered as in the .docx, emphasis applied,
references written out), changes in groups of words. One sitting (one person's saves of parts, each within 30
minutes of their last, until someone else sees the version) makes one version."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bundler.extensions import db
from bundler.models.statements import StatementOfCase
from bundler.services.statements import workflow

from ..helpers import page
from .conftest import add_bundle_version

WRITER, OTHER_WRITER, REVIEWER = "tribunal_officer", "send_officer", "legal_reviewer"


def _url(seed, tail=""):
    return f"/cases/{seed.own_case_id}/statement{tail}"


def _save(client, seed, key, text):
    assert client.post(_url(seed, f"/parts/{key}"), data={"text": text, "save": "Save"}).status_code == 302


def _versions(app, seed) -> list[tuple[int, str, dict]]:
    with app.app_context():
        statement = db.session.scalars(select(StatementOfCase).where(StatementOfCase.case_id == seed.own_case_id)
                                       .order_by(StatementOfCase.id.desc())).first()
        return [(v.number, v.note, dict(v.parts)) for v in statement.versions]


@pytest.fixture
def clock(monkeypatch):
    """clock.advance(minutes): the statement service's clock moves on."""
    class Clock:
        offset = timedelta()

        def advance(self, minutes):
            self.offset += timedelta(minutes=minutes)
    clock = Clock()
    real = workflow.utc_now
    monkeypatch.setattr(workflow, "utc_now", lambda: real() + clock.offset)
    return clock


def test_parts_saved_in_one_sitting_make_one_version(client, login, app, seed, clock):
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    _save(client, seed, "introduction", "The authority opposes the appeal.")
    clock.advance(20)
    _save(client, seed, "background", "Sam joined Oak School in 2022.")
    clock.advance(25)  # 45 minutes after the first save, but within 30 of the last
    _save(client, seed, "grounds", "The parents say Oak School is wrong.")
    versions = _versions(app, seed)
    assert [(number, note) for number, note, _ in versions] == [
        (1, "Started from the template"),
        (2, "Changed Introduction, Background and chronology, The appellant's grounds of appeal")]
    assert versions[1][2]["grounds"] == "The parents say Oak School is wrong."
    shown = page(client, _url(seed))
    assert "The parts one person saves in one sitting make one version" in shown.text
    assert [row[0] for row in shown.rows("#versions ~ table")] == ["2", "1"]


@pytest.mark.parametrize("ends_it", ["half an hour", "someone else", "download", "sent to legal", "comment"])
def test_a_sitting_ends_after_half_an_hour_or_when_someone_else_sees_the_version(client, login, app, seed, clock,
                                                                                 ends_it):
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    _save(client, seed, "introduction", "First words.")
    if ends_it == "half an hour":
        clock.advance(31)
    elif ends_it == "someone else":
        login(client, OTHER_WRITER)
    elif ends_it == "download":
        assert client.get(_url(seed, "/download/docx")).status_code == 200
    elif ends_it == "comment":
        login(client, REVIEWER)
        client.post(_url(seed, "/comments"), data={"part": "introduction", "body": "Say more."})
        login(client, WRITER)
    else:
        client.post(_url(seed, "/submit"))
        login(client, REVIEWER)
        client.post(_url(seed, "/request_changes"))
        login(client, WRITER)
    _save(client, seed, "introduction", "Second words.")
    versions = _versions(app, seed)
    assert [number for number, *_ in versions] == [1, 2, 3]
    assert versions[1][2]["introduction"] == "First words."  # what was seen, or saved long ago, is kept as it was
    assert versions[2][2]["introduction"] == "Second words."


def test_compare_shows_paragraphs_as_they_will_read_with_changes_in_word_groups(client, login, app, seed,
                                                                                documents):
    ep = documents["EP advice"]
    with app.app_context():
        add_bundle_version(seed.own_case_id, 1, {ep: (45, 53)}, {v: k for k, v in documents.items()})
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    _save(client, seed, "grounds", "The parents say Oak School cannot meet the needs set out now.\n\n"
                                   f"They rely on [[doc:{ep}]].")
    before = _versions(app, seed)[-1][0]
    client.get(_url(seed, "/download/docx"))  # ends the sitting: the next save is a version of its own
    _save(client, seed, "grounds", "A new first ground.\n\n"
                                   "The parents say Elm School from today cannot meet the needs set out now.\n\n"
                                   f"They rely on **the** [[doc:{ep}]].")
    statement_numbers = page(client, _url(seed)).texts(
        "section[aria-labelledby=part-grounds] .app-paragraph-number")
    shown = page(client, _url(seed, f"/compare?from={before}&to={before + 1}"))
    paragraphs = shown.one("section[aria-labelledby=diff-grounds]").select(".app-diff-paragraph")
    # Numbered on from the parts above, as the statement (and its .docx) numbers them: the added paragraph moves
    # the other two down.
    numbers = [p.select_one(".app-paragraph-number").get_text() for p in paragraphs]
    assert numbers == statement_numbers and int(numbers[0].rstrip(".")) > 1
    assert "app-diff-paragraph--added" in paragraphs[0]["class"]
    changed = paragraphs[1]
    assert [" ".join(d.get_text(" ").split()) for d in changed.select("del")] == ["[removed: Oak School ]"]
    assert [" ".join(i.get_text(" ").split()) for i in changed.select("ins")] == [
        "[added: Elm School from today ]"]  # one group, not "Oak", "Elm", then "School", then "from today"
    cited = paragraphs[2]
    assert "app-diff-paragraph--changed" in cited["class"]
    assert "EP advice, 2 June 2025 [pp. 45\u201353]" in cited.get_text()  # the reference written out
    assert [i.select_one("strong").get_text() for i in cited.select("ins")] == ["the"]  # emphasis applied
    assert "[[doc:" not in shown.text
