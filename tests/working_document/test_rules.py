"""The working document's plain rules: aligning paragraphs to items, proposals read from marks, footnotes written, the
plan's look-ups and the command group."""
import zipfile
from datetime import date

import pytest
from click.testing import CliRunner
from lxml import etree

from bundler.drafting.references import BundleLayout, DocumentPlace, ReferenceResolver
from bundler.working_document.align import ItemMatch, map_to_items
from bundler.working_document.commands import working_document
from bundler.working_document.key import Formatting
from bundler.working_document.plan import EhcPlan, PlanItem, PlanSection
from bundler.working_document.proposals import Proposal, Segment, original_text, proposals_from_segments
from bundler.working_document.reader import ReadParagraph
from bundler.working_document.writer import TitleBlock, write_working_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph(text: str, section: str = "B", item_key: str | None = None) -> ReadParagraph:
    return ReadParagraph(1, section, item_key, [Segment("original", text)])


def test_a_bookmarked_paragraph_is_its_item_for_certain_and_its_key_is_not_offered_again():
    marked, lost = paragraph("1\tSam reads.", item_key="B-01"), paragraph("2\tSam reads.")
    assert map_to_items([marked, lost], {"B-01": ("B", "Sam reads."), "B-02": ("B", "Sam writes.")}) == [
        ItemMatch(marked, "B-01", 1.0, False), ItemMatch(lost, "B-02", pytest.approx(16 / 21), True)]


def test_an_item_is_matched_once_only_within_its_own_section_and_the_rest_still_map():
    first, again, other = paragraph("Sam reads."), paragraph("Sam reads."), paragraph("Sam writes.", "F")
    previous = {"B-01": ("B", "Sam reads."), "F-01": ("F", "Sam writes."), "F-02": ("F", "Sam reads.")}
    assert map_to_items([first, again, other], previous) == [
        ItemMatch(first, "B-01", 1.0, False), ItemMatch(again, None, 0.0, True), ItemMatch(other, "F-01", 1.0, False)]


@pytest.mark.parametrize("text, previous, similarity", [
    ("1\tSam reads.", "Sam reads.", 1.0),  # the writer's number and tab are not wording
    ("Sam reads.", "Sam reads.", 1.0),  # no number: a short paragraph is compared whole
    ("3.1\tSam reads\tat home.", "Sam reads\tat home.", 1.0),  # only the first tab ends the number
    ("Sam will use\ta timetable.", "Sam will use\ta timetable.", 1.0),  # 12 characters are wording, not a number
    ("Sam reads.", "Sam reads well.", 0.8),  # exactly the threshold: confident
])
def test_wording_is_compared_without_the_items_number(text, previous, similarity):
    [match] = map_to_items([paragraph(text)], {"B-01": ("B", previous)})
    assert (match.item_key, match.similarity, match.doubtful) == ("B-01", pytest.approx(similarity), False)


def test_a_paragraph_unlike_every_item_is_doubtful():
    [match] = map_to_items([paragraph("Sam reads.")], {"B-01": ("B", "Placement at a residential school.")})
    assert match.doubtful and match.similarity < 0.8


def test_marked_segments_read_back_as_exact_proposals():
    segments = [Segment("original", "Sam "), Segment("la_addition", "often "), Segment("original", "has "),
                Segment("appellant_deletion", "no"), Segment("appellant_addition", "some"),
                Segment("original", " help "), Segment("agreed_deletion", "at"), Segment("agreed_addition", "in"),
                Segment("original", " class.")]
    assert proposals_from_segments("F-01", segments, field="how_often") == [
        Proposal("F-01", 4, 4, "often ", "la", "proposed", "how_often"),
        Proposal("F-01", 8, 10, "some", "appellant", "proposed", "how_often"),
        Proposal("F-01", 16, 18, "in", "la", "agreed", "how_often"),
    ]
    assert proposals_from_segments("B-01", segments[3:4]) == [Proposal("B-01", 0, 2, "", "appellant")]
    assert original_text(segments) == "Sam has no help at class."


def test_two_cited_documents_become_footnotes_1_and_2_with_their_titles_escaped(tmp_path):
    layout = BundleLayout({"3": DocumentPlace("Speech & language report <draft>", date(2025, 6, 2), 45, 53),
                           "4": DocumentPlace("EP advice", date(2025, 6, 9), 54, 60)}, version=1)
    plan = EhcPlan((PlanSection("B", "Needs", (PlanItem("B-01", "1", "Sam reads."),)),))
    out = tmp_path / "wd.docx"
    write_working_document(plan, [Proposal("B-01", 4, 4, "[[doc:3]] often [[doc:4]] ", "appellant")], out,
                           title=TitleBlock("EH123/25/00001", "Sam Example", 1, "SEND team", date(2025, 9, 1)),
                           resolve=ReferenceResolver(layout).resolve)
    with zipfile.ZipFile(out) as package:
        footnotes = etree.fromstring(package.read("word/footnotes.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    notes = {note.get(f"{W}id"): "".join(note.itertext()).strip() for note in footnotes.iter(f"{W}footnote")
             if note.get(f"{W}type") is None}
    assert notes == {"1": "Speech & language report <draft>, 2 June 2025 [pp. 45\u201353]",
                     "2": "EP advice, 9 June 2025 [pp. 54\u201360]"}
    assert [ref.get(f"{W}id") for ref in body.iter(f"{W}footnoteReference")] == ["1", "2"]


def test_the_plan_says_which_section_or_item_it_lacks():
    plan = EhcPlan((PlanSection("B", "Needs"),))
    assert plan.section("F") is None
    with pytest.raises(LookupError) as missing:
        plan.item("F-01")
    assert str(missing.value) == "The plan has no item F-01"


def test_plain_text_is_described_as_no_emphasis():
    assert Formatting().describe() == "no emphasis"
    assert Formatting(True, True, True, True).describe() == "bold + italic + underline + strikethrough"


def test_the_command_group_lists_its_own_and_its_lazy_commands():
    result = CliRunner().invoke(working_document, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1].split()
    assert [word for word in commands if word in ("check", "export", "read")] == ["check", "export", "read"]
