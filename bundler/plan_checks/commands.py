"""`bundler lint-plan FILE [--json]`: the plan checks for scripts and people. No Flask, no database."""
from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

import click

from .checker import Finding, check_plan
from .reader import PlanReadError, read_plan
from .rules import RulesError

JSON_KEYS = ("section", "paragraph", "rule", "severity", "phrase", "message", "sentence", "better", "source")


@click.command("lint-plan")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
def lint_plan(file: Path, as_json: bool):
    """Check the Section F (and B, G, H) wording of the EHC plan in FILE (.docx or .txt).

    Exits 0 whether or not there are findings; non-zero only when the file cannot be read.
    """
    try:
        findings = check_plan(read_plan(file))
    except (PlanReadError, RulesError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps([{key: getattr(f, key) for key in JSON_KEYS} for f in findings], indent=2))
    else:
        _print_for_people(file, findings)


def _print_for_people(file: Path, findings: list[Finding]) -> None:
    if not findings:
        click.echo(f"{file}: no findings.")
        return
    click.echo(f"{file}: {len(findings)} finding{'s' if len(findings) != 1 else ''}.")
    for section, group in groupby(findings, key=lambda f: f.section):
        click.echo(f"\nSection {section}" if section else "\nBefore the first section")
        for f in group:
            click.echo(f"  paragraph {f.paragraph}  {f.rule} {f.severity}: \"{f.phrase}\"")
            click.echo(f"    {f.message}")
            click.echo(f"    In: {f.sentence}")
            click.echo(f"    Better: {f.better}  (source: {f.source})")
