"""Plan files for the plan-check tests, written as an officer's Word or text plan would be."""
from pathlib import Path

import pytest
from docx import Document

PLAN_TEXT = """EHC plan for Sam, who is currently in Year 10
Section B: Special educational needs
Communication and interaction
Sam has a severe receptive language delay and does not follow spoken instructions of more than two key words.

Social, emotional and mental health
Sam becomes anxious in noisy places and has left the school site twice this term.
Sam needs 10 hours a week of 1:1 support.
Section E: Outcomes
By July, Sam will follow three-step instructions in class.
Section F: Special educational provision
Regular speech and language therapy.
Regular OT: 45 minutes once a week with an HCPC-registered occupational therapist.
Up to 10 hours of 1:1 support from a teaching assistant each week.
A class of no more than 8 pupils for all lessons, taught by a qualified teacher.
Section G: Health care provision
Physiotherapy from the NHS, six sessions a term.
"""


@pytest.fixture
def text_plan(tmp_path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def docx_plan(tmp_path) -> Path:
    """Headings for sections, a free-text paragraph and a provision table in F."""
    document = Document()
    document.add_paragraph("EHC plan for Ella, in Year 5")
    document.add_heading("Section B: Special educational needs", level=1)
    document.add_paragraph("Ella reads about three years below her age.")
    document.add_heading("Section F: Special educational provision", level=1)
    document.add_paragraph("")
    document.add_paragraph("Ella would benefit from pre-teaching of topic vocabulary.")
    table = document.add_table(rows=3, cols=6)
    header = ["Provision", "Who (qualification)", "How often", "How long", "Monitored by", "Cost per year"]
    rows = [["Fresh Start phonics, 1:1", "Level 3 TA trained in Fresh Start", "four times a week", "20 minutes",
             "SENCo, half-termly", "£2,400"],
            ["Reading practice", "teaching assistant", "", "15 minutes", "", ""]]
    for row, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Section I: Placement", level=1)
    document.add_paragraph("Oak Primary School")
    path = tmp_path / "plan.docx"
    document.save(path)
    return path
