"""`bundler build` and `bundler check`: plain click commands, no app context needed."""
import json
from pathlib import Path

import click

from ..files import atomic_write
from .assemble import build_bundle
from .check import check_bundle
from .errors import BundleError
from .manifest import load_manifest


@click.command()
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the bundle PDF.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the page layout, budgets and warnings as JSON.")
@click.option("--ocr", is_flag=True, help="Add a text layer to scanned pages (needs OCRmyPDF).")
def build(manifest: Path, output: Path, report: Path | None, ocr: bool):
    """Build a hearing bundle PDF from MANIFEST (TOML or JSON)."""
    if report and not report.parent.is_dir():
        raise click.ClickException(f"{report}: the folder {report.parent} does not exist; create it first")
    try:
        result = build_bundle(load_manifest(manifest), output, ocr=ocr)
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    if report:
        _write_json(report, result.to_dict())
    click.echo(f"Wrote {output}: {result.page_count} pages ({result.front_matter_pages} of front matter).")
    for section in result.sections:
        budget = f" of {section.budget}" if section.budget else ""
        click.echo(f"  {section.letter}. {section.title}: {section.page_count} pages{budget}")
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)


@click.command()
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The bundle's manifest, to check page budgets for its appeal type.")
def check(bundle: Path, manifest: Path | None):
    """Check BUNDLE.pdf against the bundle rules; exit status 1 if any rule fails."""
    try:
        results = check_bundle(bundle, load_manifest(manifest) if manifest else None)
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    for result in results:
        click.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.rule}: {result.detail}")
    if not all(result.passed for result in results):
        raise click.exceptions.Exit(1)


def _write_json(path: Path, data: dict) -> None:
    with atomic_write(path) as temp:
        temp.write_text(json.dumps(data, indent=2), encoding="utf-8")
