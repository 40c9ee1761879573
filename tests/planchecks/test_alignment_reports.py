"""B<->F alignment and its files, each opened and read back."""
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from bundler.plan_checks.alignment import (
    AREA_CODES,
    Need,
    Outcome,
    ProposedLink,
    align,
    apply_links,
    area_title,
    plan_parts,
    propose_links,
)
from bundler.plan_checks.plan import Plan, ProvisionRow, Section
from bundler.plan_checks.reader import read_plan
from bundler.plan_checks.reports import (
    MAP_COLUMNS,
    provision_map_rows,
    write_alignment_report,
    write_provision_map_docx,
    write_provision_map_xlsx,
)
from bundler.plan_checks.rules import parse_rules

NEEDS = [Need("B-CI-01", "communication_and_interaction", "Receptive language delay."),
         Need("B-SEMH-01", "social_emotional_and_mental_health", "Anxious at break."),
         Need("B-SP-01", "sensory_and_physical", "Poor fine motor skills.")]
OUTCOMES = [Outcome("E-01", "Follows three-step instructions."), Outcome("E-02", "Writes his name.")]
ROWS = [ProvisionRow("SALT 1:1", who="HCPC-registered SLT", frequency="once a week", duration="30 minutes",
                     needs=("B-CI-01",), outcomes=("E-01",), cost_per_year=Decimal(1800), key="F-01"),
        ProvisionRow("ELSA check-in", who="trained ELSA", frequency="daily", duration="10 minutes",
                     needs=("B-SEMH-01",), cost_per_year=Decimal("950.50"), key="F-02"),
        ProvisionRow("Laptop", key="F-03")]


def test_alignment_lists_each_kind_of_gap():
    alignment = align(NEEDS, OUTCOMES, ROWS)
    assert [n.key for n in alignment.needs_without_provision] == ["B-SP-01"]
    assert [p.key for p in alignment.provision_without_need] == ["F-03"]
    assert [o.key for o in alignment.outcomes_without_provision] == ["E-02"]
    assert alignment.areas_without_provision == ("sensory_and_physical",)


def test_free_text_links_are_proposed_by_area_and_confirmed_links_close_the_gaps(text_plan):
    needs, outcomes, provision = plan_parts(read_plan(text_plan))
    assert [n.key for n in needs] == ["B-CI-01", "B-SEMH-01", "B-SEMH-02"]
    links = propose_links(needs, outcomes, provision)
    assert ("B-CI-01", "F-01") in {(link.item, link.provision) for link in links}   # language <-> SALT
    before = align(needs, outcomes, provision)
    assert len(before.needs_without_provision) == 3
    confirmed = [("B-CI-01", "F-01"), ("E-01", "F-01")]
    after = align(needs, outcomes, apply_links(provision, confirmed))
    assert [n.key for n in after.needs_without_provision] == ["B-SEMH-01", "B-SEMH-02"]
    assert after.outcomes_without_provision == ()


def test_the_alignment_report_is_one_page_of_the_gaps(tmp_path):
    path = write_alignment_report(align(NEEDS, OUTCOMES, ROWS), tmp_path / "alignment.docx", title="Sam, v2")
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "B and F alignment: Sam, v2" in text
    assert "Needs with no provision (1)" in text and "B-SP-01: Poor fine motor skills." in text
    assert "Provision with no need (1)" in text and "F-03: Laptop" in text
    assert "Outcomes no provision serves (1)" in text and "Sensory and physical" in text
    assert list(tmp_path.iterdir()) == [path]   # no temporary file left


def test_the_provision_map_reads_back_from_xlsx_and_docx_with_its_total(tmp_path):
    texts = {n.key: n.text for n in NEEDS} | {o.key: o.text for o in OUTCOMES}
    sheet = load_workbook(write_provision_map_xlsx(ROWS, texts, tmp_path / "map.xlsx", title="Sam")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Need" and rows[1][-1] == "Cost per year (£)"
    assert rows[2][:3] == ("B-CI-01 Receptive language delay.", "E-01 Follows three-step instructions.", "SALT 1:1")
    assert rows[2][4:7] == ("once a week", "30 minutes", None) and rows[2][-1] == 1800
    assert rows[-1][0] == "Total" and rows[-1][-1] == 2750.5
    table = Document(write_provision_map_docx(ROWS, texts, tmp_path / "map.docx", title="Sam")).tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[1][2] == "SALT 1:1" and cells[1][-1] == "1,800.00"
    assert cells[-1][0] == "Total" and cells[-1][-1] == "2,750.50"


def test_the_alignment_report_is_an_a4_page_that_counts_each_list_and_shortens_long_lines(tmp_path):
    many = [Need(f"B-SP-{number:02}", "sensory_and_physical", f"Need {number}.") for number in range(1, 11)]
    long_need = Need("B-CI-09", "communication_and_interaction", "Word " * 40)
    path = write_alignment_report(align([long_need, *many], [], []), tmp_path / "alignment.docx", title="Sam")
    document = Document(path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(getattr(section, side).mm) for side in ("top_margin", "bottom_margin", "left_margin",
                                                          "right_margin")] == [15, 15, 15, 15]
    assert document.styles["Normal"].font.size.pt == 9
    lines = [(p.style.name, p.text) for p in document.paragraphs]
    assert lines[:2] == [("Heading 1", "B and F alignment: Sam"),
                         ("Normal", "11 needs in Section B, 0 outcomes in Section E, 0 provision items in Section F.")]
    assert ("Heading 2", "Needs with no provision (11)") in lines
    listed = [text for style, text in lines if style == "List Bullet" and text.startswith("B-")]
    assert len(listed) == 8 and ("Normal", "and 3 more.") in lines
    shortened = listed[0]
    assert shortened.startswith("B-CI-09: Word Word") and shortened.endswith("…")
    assert len(shortened) == len("B-CI-09: ") + 110  # 110 characters at most, the last an ellipsis
    assert lines[-2:] == [("Heading 2", "Outcomes no provision serves (0)"), ("Normal", "None.")]


def test_the_provision_map_files_are_laid_out_for_reading_and_printing(tmp_path):
    texts = {n.key: n.text for n in NEEDS} | {o.key: o.text for o in OUTCOMES}
    rows = [ProvisionRow("SALT 1:1", who="Speech and language therapist", qualification="HCPC registered",
                         needs=("B-CI-01", "B-SP-01"), cost_per_year=Decimal("1234.5"), key="F-01"),
            ProvisionRow("Laptop", key="F-02")]
    workbook = load_workbook(write_provision_map_xlsx(rows, texts, tmp_path / "map.xlsx", title="Sam"))
    sheet = workbook.active
    assert sheet.title == "Provision map" and sheet["A1"].value == "Provision map: Sam"
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 14
    assert all(cell.font.bold for cell in sheet[2]) and all(cell.font.bold for cell in sheet[sheet.max_row])
    assert not any(cell.font.bold for cell in sheet[3])
    assert [sheet.column_dimensions[column].width for column in "ABCDEFGH"] == [30, 30, 45, 25, 18, 14, 12, 16]
    assert [sheet.cell(row, 8).number_format for row in (3, 4, 5)] == ["#,##0.00"] * 3
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    assert values[0][:4] == ("B-CI-01 Receptive language delay.; B-SP-01 Poor fine motor skills.", None, "SALT 1:1",
                             "Speech and language therapist, HCPC registered")
    assert values[0][-1] == 1234.5 and values[1][-1] is None and values[2] == ("Total", *[None] * 6, 1234.5)

    document = Document(write_provision_map_docx(rows, texts, tmp_path / "map.docx", title="Sam"))
    section = document.sections[0]
    assert section.orientation == 1  # landscape
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert document.styles["Normal"].font.size.pt == 8
    assert document.paragraphs[0].text == "Provision map: Sam"
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [cell.text for cell in table.rows[0].cells] == list(MAP_COLUMNS)
    assert all(cell.paragraphs[0].runs[0].bold for cell in table.rows[0].cells)
    assert [cell.text for cell in table.rows[2].cells] == ["", "", "Laptop", "", "", "", "", ""]
    total = table.rows[-1].cells
    assert (total[0].text, total[-1].text) == ("Total", "1,234.50")
    assert total[0].paragraphs[0].runs[0].bold and total[-1].paragraphs[0].runs[0].bold


def test_each_area_of_need_has_its_title():
    assert [area_title(area) for area in AREA_CODES] == [
        "Communication and interaction", "Cognition and learning", "Social, emotional and mental health",
        "Sensory and physical", "Independence"]


def test_an_area_is_addressed_by_a_linked_need_even_when_the_provision_names_none_of_its_words():
    alignment = align([NEEDS[2]], [], [ProvisionRow("Laptop", needs=("B-SP-01",), key="F-01")])
    assert alignment.areas_without_provision == () and alignment.needs_without_provision == ()


def _plan(**sections) -> Plan:
    return Plan([Section(code, f"Section {code}", list(items)) for code, items in sections.items()])


def test_needs_take_their_area_from_the_heading_above_them_else_from_their_own_words():
    sixty = "Sensory and physical: hearing, sight and moving about school"
    assert len(sixty) == 60
    plan = _plan(B=["Sam struggles with reading and spelling.", "Sam likes football.",
                    "Cognition & Learning", "Sam forgets instructions.", "Independence", "Sam cannot tie laces.",
                    sixty, "Sam tires in PE."])
    needs, outcomes, provision = plan_parts(plan)
    assert needs == [Need("B-CL-01", "cognition_and_learning", "Sam struggles with reading and spelling."),
                     Need("B-X-01", "", "Sam likes football."),
                     Need("B-CL-02", "cognition_and_learning", "Sam forgets instructions."),
                     Need("B-IND-01", "independence", "Sam cannot tie laces."),
                     Need("B-SP-01", "sensory_and_physical", "Sam tires in PE.")]
    assert (outcomes, provision) == ([], [])


def test_a_heading_longer_than_60_characters_is_a_need():
    long = "Sensory and physical: hearing, sight and moving about schools"
    (need,) = plan_parts(_plan(B=[long]))[0]
    assert need == Need("B-SP-01", "sensory_and_physical", long)


def test_outcomes_and_provision_are_numbered_and_a_row_keeps_its_own_key():
    row = ProvisionRow("SALT 1:1", key="F-07")
    plan = _plan(A=["Sam, Year 4"], E=["Reads a short book.", "Writes his name."], F=["Laptop.", row])
    assert plan_parts(plan) == ([], [Outcome("E-01", "Reads a short book."), Outcome("E-02", "Writes his name.")],
                                [ProvisionRow("Laptop.", key="F-01"), row])
    assert plan_parts(_plan(A=["Sam, Year 4"])) == ([], [], [])


def test_links_are_proposed_within_the_needs_own_area_and_for_outcomes_in_any_area_they_share():
    needs = [Need("B-SEMH-01", "social_emotional_and_mental_health", "Anxious at break."),
             Need("B-CL-01", "cognition_and_learning", "Finds it hard.")]
    rows = [ProvisionRow("Reading practice", who="a trained TA", key="F-01"),
            ProvisionRow("Speech and language therapy", key="F-02")]
    assert propose_links(needs, [Outcome("E-01", "Reads a short book aloud.")], rows) == [
        ProposedLink("B-CL-01", "F-01", "cognition_and_learning", ("reading",)),
        ProposedLink("E-01", "F-01", "cognition_and_learning", ("reading",))]


def test_the_alignment_report_lists_missing_areas_and_shortens_only_lines_over_110_characters(tmp_path):
    spaced = "a" * 108 + " bb"
    exact = "c" * 110
    needs = [Need("B-SEMH-01", "social_emotional_and_mental_health", spaced),
             *[Need(f"B-SEMH-{n:02}", "social_emotional_and_mental_health", exact) for n in range(2, 9)]]
    path = write_alignment_report(align(needs, [], []), tmp_path / "alignment.docx", title="Sam")
    lines = [(p.style.name, p.text) for p in Document(path).paragraphs]
    assert lines[2:5] == [("Heading 2", "Areas of need in B that F does not address (1)"),
                          ("List Bullet", "Social, emotional and mental health"),
                          ("Heading 2", "Needs with no provision (8)")]
    assert lines[5:7] == [("List Bullet", f"B-SEMH-01: {'a' * 108}…"), ("List Bullet", f"B-SEMH-02: {exact}")]
    assert lines[13] == ("Heading 2", "Provision with no need (0)")   # all 8 listed, no "and 0 more."


def test_a_provision_map_line_names_each_key_with_its_text_cut_to_60_characters():
    row = ProvisionRow("Laptop", needs=("B-CI-01", "B-CL-01"), outcomes=("E-09",))
    texts = {"B-CI-01": "x" * 61, "B-CL-01": "y" * 60}
    assert provision_map_rows([row], texts) == [
        (f"B-CI-01 {'x' * 59}…; B-CL-01 {'y' * 60}", "E-09", "Laptop", "", "", "", "", None)]


def test_the_provision_map_sheet_formats_only_the_cost_cells_as_money_and_the_word_map_has_a_title(tmp_path):
    sheet = load_workbook(write_provision_map_xlsx(ROWS, {}, tmp_path / "map.xlsx", title="Sam")).active
    assert [sheet.cell(row, 8).number_format for row in (1, 2, 3)] == ["General", "General", "#,##0.00"]
    document = Document(write_provision_map_docx(ROWS, {}, tmp_path / "map.docx", title="Sam"))
    assert (document.paragraphs[0].style.name, document.paragraphs[0].text) == ("Heading 1", "Provision map: Sam")


def test_with_no_areas_in_the_rules_file_every_need_is_of_unknown_area():
    rules = parse_rules({"rule": []})
    assert plan_parts(_plan(B=["Sam struggles with reading."]), rules)[0] == [
        Need("B-X-01", "", "Sam struggles with reading.")]
