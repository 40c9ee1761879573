"""B<->F alignment and its files, each opened and read back."""
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from bundler.plan_checks.alignment import (
    Need,
    Outcome,
    align,
    apply_links,
    plan_parts,
    propose_links,
)
from bundler.plan_checks.plan import ProvisionRow
from bundler.plan_checks.reader import read_plan
from bundler.plan_checks.reports import (
    write_alignment_report,
    write_provision_map_docx,
    write_provision_map_xlsx,
)

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
