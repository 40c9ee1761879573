"""Helpers any test imports (`from ..helpers import page`): fetching a page and reading it as HTML, files made on the
fly (real PDFs, a real .docx), waiting for background jobs, and reading the audit log.

Every page fetched through `page` or `checked` is held to what every page of the service must do: one h1, the title
starting "Error:" while an error summary shows, and no inline script (the Content-Security-Policy forbids it).
"""
import io
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from bundler import jobs
from bundler.extensions import db
from bundler.models import AuditEvent, Case, Job
from bundler.models.evidence import Review
from bundler.models.jobs import JobState
from bundler.services import evidence


@dataclass
class Page:
    """A fetched page: its status, and the parsed HTML with a few ways in that the tests need."""

    status: int
    soup: BeautifulSoup
    location: str | None = None

    @property
    def title(self) -> str:
        return self.soup.title.get_text(" ", strip=True)

    @property
    def h1(self) -> str:
        return self.soup.h1.get_text(" ", strip=True)

    @property
    def text(self) -> str:
        """The words on the page, as a person reads them (tags gone, runs of space made one)."""
        return " ".join(self.soup.get_text(" ").split())

    def select(self, css: str) -> list[Tag]:
        return self.soup.select(css)

    def one(self, css: str) -> Tag:
        found = self.soup.select(css)
        assert len(found) == 1, f"{len(found)} elements match {css!r}"
        return found[0]

    def texts(self, css: str) -> list[str]:
        """The text of each element matching `css`, in page order."""
        return [" ".join(element.get_text(" ").split()) for element in self.soup.select(css)]

    def tags(self) -> dict[str, str]:
        """Each GOV.UK tag's text and its colour ("Overdue": "red"); a repeated text keeps its first colour."""
        found = {}
        for tag in self.soup.select("strong.govuk-tag"):
            colours = [name.removeprefix("govuk-tag--") for name in tag["class"] if name.startswith("govuk-tag--")]
            found.setdefault(" ".join(tag.get_text(" ").split()), colours[0] if colours else "")
        return found

    def errors(self) -> list[str]:
        """The messages in the error summary."""
        return self.texts(".govuk-error-summary__list li")

    def rows(self, css: str = "table") -> list[list[str]]:
        """The text of each cell of each body row of the tables matching `css`."""
        return [[" ".join(cell.get_text(" ").split()) for cell in row.select("th, td")]
                for table in self.soup.select(css) for row in table.select("tbody tr")]

    def links(self) -> list[str]:
        return [anchor["href"] for anchor in self.soup.select("a[href]")]


def checked(response) -> Page:
    """The response parsed, after checking what every HTML page must do."""
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    result = Page(response.status_code, soup, response.headers.get("Location"))
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"{len(headings)} h1 elements on the page"
    if soup.select(".govuk-error-summary"):
        assert result.title.startswith("Error: "), f"an error summary shows but the title is {result.title!r}"
    inline = [script for script in soup.find_all("script") if not script.get("src")]
    assert inline == [], f"inline script: {inline[0]}" if inline else ""
    return result


def page(client, url: str, *, status: int = 200, **kwargs) -> Page:
    """GET `url`, check it answers `status` with a page that passes `checked`."""
    response = client.get(url, **kwargs)
    assert response.status_code == status, f"GET {url} answered {response.status_code}"
    return checked(response)


def submit(client, url: str, data: dict | None = None, *, status: int = 200, **kwargs) -> Page:
    """POST `data` to `url` and follow the redirect; the page that ends up showing is checked like `page`'s."""
    response = client.post(url, data=data or {}, follow_redirects=True, **kwargs)
    assert response.status_code == status, f"POST {url} answered {response.status_code}"
    return checked(response)


def pdf_bytes(pages: int, label: str) -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        drawing.drawString(72, 760, f"{label} page {number}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    document = WordDocument()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload_form(files, section="la_evidence", party="local_authority", when=(1, 10, 2025), **extra):
    day, month, year = when
    data = {"section": section, "party": party, "author": "Educational psychologist",
            "document_date": [str(day), str(month), str(year)],
            "files": [(io.BytesIO(content), name) for name, content in files]}
    data.update(extra)
    return data


def wait_for_jobs(app) -> list[Job]:
    """Wait until no job is queued or running; returns every job."""
    with app.app_context():
        for _ in range(100):
            unfinished = db.session.scalars(select(Job.id).where(
                Job.state.in_([JobState.queued, JobState.running]))).all()
            if not unfinished:
                break
            for job_id in unfinished:
                jobs.wait(job_id, timeout=120)
            db.session.expire_all()
        return db.session.scalars(select(Job)).all()


def audit_actions(app, case_id) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)
                                  .order_by(AuditEvent.id)).all()


def link_from(shown: Page) -> str:
    """The evidence-request link on the page that shows it once."""
    return shown.one("#request-link")["value"]

def documents(app, case_id, review=Review.accepted) -> list[tuple]:
    """(id, title, section, status, page count) of each of a case's documents in `review`, in bundle order."""
    with app.app_context():
        case = db.session.get(Case, case_id)
        return [(d.id, d.title, d.section, d.status, d.page_count) for d in evidence.case_documents(case, review)]


def feed_events(client, case_id: int | None = None) -> dict:
    """Each event of a new calendar feed (the signed-in person's, or one case's): its summary -> its day."""
    from icalendar import Calendar

    shown = client.post("/calendar/new", data={"case_id": str(case_id)} if case_id else {}).get_data(as_text=True)
    path = re.search(r'<code class="app-feed-url">http://localhost(/calendar/[^<]+\.ics)</code>', shown)[1]
    return {str(event["SUMMARY"]): event.decoded("dtstart")
            for event in Calendar.from_ical(client.get(path).data).walk("VEVENT")}
