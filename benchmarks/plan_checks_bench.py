"""Benchmark: the plan checks' recall and false alarms on the labelled set, and the time to check a 40-page plan.

Run: .venv/bin/python benchmarks/plan_checks_bench.py
Recall: bad paragraphs with any finding; false alarms: good paragraphs with any finding (info included). Both for
the tuning part and the held-out third the rules were not tuned on. Then a 40-page plan (about 12 paragraphs a page,
drawn from the set) is read from .txt and from .docx and checked; prints the median of a few runs.
"""
import tempfile
from pathlib import Path

from docx import Document
from timing import median_seconds

from bundler.plan_checks.checker import check_plan
from bundler.plan_checks.labelled import load_labelled, score
from bundler.plan_checks.reader import read_plan

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "planchecks" / "data" / "labelled_paragraphs.toml"
PAGES, PARAGRAPHS_PER_PAGE, RUNS = 40, 12, 5


def forty_page_plan(paragraphs) -> list[tuple[str, list[str]]]:
    count = PAGES * PARAGRAPHS_PER_PAGE
    by_section = {code: [p.text for p in paragraphs if p.section == code] for code in ("B", "F", "G")}
    share = {"B": count // 4, "F": count * 2 // 3, "G": count - count // 4 - count * 2 // 3}
    return [(code, [texts[n % len(texts)] for n in range(share[code])]) for code, texts in by_section.items()]


def write_plan(sections, folder: Path) -> tuple[Path, Path]:
    text = folder / "plan.txt"
    text.write_text("\n".join(f"Section {code}\n" + "\n".join(items) for code, items in sections), encoding="utf-8")
    document = Document()
    for code, items in sections:
        document.add_heading(f"Section {code}", level=1)
        for item in items:
            document.add_paragraph(item)
    docx = folder / "plan.docx"
    document.save(docx)
    return text, docx


def main():
    paragraphs = load_labelled(LABELLED)
    for split in ("tuning", "held_out"):
        s = score(paragraphs, split)
        print(f"{split:9} recall {s.recall:6.1%} ({s.caught}/{s.bad}; by the expected rule {s.caught_by_rule}/{s.bad})"
              f"  false alarms {s.false_alarm_rate:6.1%} ({s.false_alarms}/{s.good})")
        for text in s.missed:
            print(f"    missed: {text}")
        for text in s.alarms:
            print(f"    false alarm: {text}")
    with tempfile.TemporaryDirectory() as folder:
        sections = forty_page_plan(paragraphs)
        text, docx = write_plan(sections, Path(folder))
        total = sum(len(items) for _, items in sections)
        findings = len(check_plan(read_plan(text)))
        print(f"40-page plan ({total} paragraphs, {findings} findings), median of {RUNS}:")
        print(f"  .txt read and check   {median_seconds(lambda: check_plan(read_plan(text)), RUNS):.3f} s")
        print(f"  .docx read and check  {median_seconds(lambda: check_plan(read_plan(docx)), RUNS):.3f} s")


if __name__ == "__main__":
    main()
