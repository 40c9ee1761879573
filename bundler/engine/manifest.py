"""The bundle manifest: case details plus the documents to bundle, read from TOML or JSON.

Everything is parsed into typed values here, at the edge, so the rest of the engine never sees raw strings.
"""
import json
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import ManifestError
from .template import BundleTemplate, load_template

_REFERENCE = re.compile(r"^EH ?(\d{3})/(\d{2})/(\d{5})$")
_CASE_FIELDS = ("reference", "child", "appellant", "authority", "appeal_type", "hearing_date")
_CASE_OPTIONAL = ("extended",)
_DOCUMENT_FIELDS = ("section", "title", "date", "file")
_DOCUMENT_OPTIONAL = ("id", "keep_here")


@dataclass(frozen=True)
class CaseDetails:
    reference: str
    child: str
    appellant: str
    authority: str
    appeal_type: str
    hearing_date: date
    extended: tuple[str, ...] = ()  # health and social care sections an extended appeal covers; () = not extended


@dataclass(frozen=True)
class PageLink:
    """A hyperlink a document carries to a page of the bundle it is in (the annotated statement's references)."""
    page: int  # 0-based page of the document the link is on
    rect: tuple[float, float, float, float]
    target: int  # 1-based bundle page


@dataclass(frozen=True)
class DocumentEntry:
    section: str
    title: str
    date: date
    file: Path
    id: str | None = None
    keep_here: str = ""  # not empty: keep this document at its manifest position, for this reason, not by date
    links: tuple[PageLink, ...] = ()


@dataclass(frozen=True)
class SectionNote:
    """The officer's part of the accompanying note for a section over its page limit."""
    reason: str = ""
    send7_made: bool | None = None  # None: not yet said
    send7_date: date | None = None


@dataclass(frozen=True)
class Manifest:
    case: CaseDetails
    documents: tuple[DocumentEntry, ...]
    notes: Mapping[str, SectionNote] = field(default_factory=dict)  # by section key


def date_order(items: list, date_of: Callable, kept_at: Callable) -> list:
    """A section's documents as the Practice Direction asks, in date order (undated last, ties as given), except
    those the officer keeps at a position of their own: `kept_at(item)` is that 0-based position, or None."""
    kept = sorted(((kept_at(item), n, item) for n, item in enumerate(items) if kept_at(item) is not None),
                  key=lambda k: (k[0], k[1]))
    ordered = sorted((item for item in items if kept_at(item) is None),
                     key=lambda item: (date_of(item) is None, date_of(item) or date.min))
    earlier_here: dict[int, int] = {}  # documents kept at one position stay in the order given, one after another
    for position, _, item in kept:
        offset = earlier_here.get(position, 0)
        earlier_here[position] = offset + 1
        ordered.insert(min(position + offset, len(ordered)), item)
    return ordered


def out_of_date_order(ordered: list, date_of: Callable, kept: Callable) -> list:
    """The kept documents (`kept(item)`) that a neighbour's date puts out of date order, in `ordered`."""
    def later(a, b) -> bool:
        return date_of(a) is not None and date_of(b) is not None and date_of(a) > date_of(b)

    return [item for n, item in enumerate(ordered) if kept(item) and (
        n > 0 and later(ordered[n - 1], item) or n + 1 < len(ordered) and later(item, ordered[n + 1]))]


def validate_reference(text) -> str:
    """Return the tribunal reference in its usual form (EH936/25/01234), or raise ManifestError."""
    match = _REFERENCE.match(str(text).strip().upper()) if isinstance(text, str) else None
    if not match:
        raise ManifestError(
            f"case.reference: '{text}' is not a tribunal reference; write it like EH936/25/01234 "
            "(EH, the 3-digit authority code, the 2-digit year, the 5-digit case number)")
    return "EH{}/{}/{}".format(*match.groups())


def load_manifest(path, *, template: BundleTemplate | None = None) -> Manifest:
    """Read a .toml or .json manifest; document files are relative to the manifest's folder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the manifest ({exc})") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{path}: line {exc.lineno}: {exc.msg}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: {exc}") from None
    except ValueError:  # what is left is Python's limit on the digits of an integer
        raise ManifestError(f"{path}: a number has more than {sys.get_int_max_str_digits()} digits; a manifest's "
                            "numbers are dates and document ids, so check the file is the manifest") from None
    except RecursionError:
        raise ManifestError(f"{path}: lists or tables are nested too deeply to read; a manifest has a [case] table "
                            "and [[documents]] entries, nothing nested inside them but lists of sections") from None
    lines = _document_lines(text) if path.suffix.lower() != ".json" else {}
    try:
        return manifest_from_dict(data, path.parent, template=template)
    except ManifestError as exc:
        raise ManifestError(f"{path}: {_with_line(str(exc), lines)}") from None


def manifest_from_dict(data, base_dir, *, template: BundleTemplate | None = None) -> Manifest:
    template = template or load_template()
    if not isinstance(data, dict):
        raise ManifestError("the manifest must be a table with [case] and [[documents]]")
    _no_unknown(data, ("case", "documents"), (), "manifest")
    case = _case(data.get("case"), template)
    documents = data.get("documents")
    if not isinstance(documents, list) or not documents:
        raise ManifestError("documents: list at least one document ([[documents]] in TOML)")
    base_dir = Path(base_dir)
    sections = [s.key for s in template.sections]
    return Manifest(case, tuple(_document(raw, n, base_dir, sections) for n, raw in enumerate(documents, 1)))


def _case(raw, template: BundleTemplate) -> CaseDetails:
    if not isinstance(raw, dict):
        raise ManifestError("case: add a [case] table with " + ", ".join(_CASE_FIELDS))
    _no_unknown(raw, _CASE_FIELDS, _CASE_OPTIONAL, "case")
    values = {name: _text(raw, name, "case") for name in _CASE_FIELDS if name != "hearing_date"}
    values["reference"] = validate_reference(values["reference"])
    if values["appeal_type"] == "extended" and "extended" not in template.appeal_types:
        raise ManifestError("case.appeal_type: 'extended' is not an appeal type but a flag on one; give the "
                            "underlying appeal type and list the sections, like extended = [\"C\", \"G\"]")
    if values["appeal_type"] not in template.appeal_types:
        raise ManifestError(f"case.appeal_type: '{values['appeal_type']}' is not an appeal type; use one of "
                            + ", ".join(template.appeal_types))
    return CaseDetails(hearing_date=_date(raw, "hearing_date", "case"),
                       extended=_extended(raw.get("extended", []), values["appeal_type"], template), **values)


def _extended(raw, appeal_type: str, template: BundleTemplate) -> tuple[str, ...]:
    rule = template.extended
    if not isinstance(raw, list) or any(item not in rule.sections for item in raw):
        raise ManifestError("case.extended: list the health and social care sections the extended appeal covers, "
                            "from " + ", ".join(rule.sections))
    if raw and appeal_type in rule.not_for:
        raise ManifestError(f"case.extended: an appeal against a {template.appeal_types[appeal_type].lower()} "
                            "cannot be extended (SI 2017/1306 does not apply to it); remove extended")
    return tuple(raw)


def _document(raw, n: int, base_dir: Path, sections: list[str]) -> DocumentEntry:
    where = f"documents[{n}]"
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: each document must be a table with " + ", ".join(_DOCUMENT_FIELDS))
    _no_unknown(raw, _DOCUMENT_FIELDS, _DOCUMENT_OPTIONAL, where)
    section = _text(raw, "section", where)
    if section not in sections:
        raise ManifestError(f"{where}.section: '{section}' is not a section; use one of " + ", ".join(sections))
    doc_id = raw.get("id")
    if doc_id is not None and not isinstance(doc_id, (str, int)):
        raise ManifestError(f"{where}.id: give a text or number id, or leave it out")
    keep_here = raw.get("keep_here", "")
    if not isinstance(keep_here, str):
        raise ManifestError(f"{where}.keep_here: give the reason for keeping this document out of date order, "
                            "as text, or leave it out")
    return DocumentEntry(section=section, title=_text(raw, "title", where), date=_date(raw, "date", where),
                         file=base_dir / _text(raw, "file", where),
                         id=None if doc_id is None else str(doc_id), keep_here=keep_here.strip())


def _no_unknown(raw: dict, required, optional, where: str) -> None:
    unknown = sorted(set(raw) - set(required) - set(optional))
    if unknown:
        raise ManifestError(f"{where}: remove the unknown field(s) {', '.join(unknown)}; "
                            f"the fields are {', '.join((*required, *optional))}")
    missing = [name for name in required if name not in raw]
    if missing:
        raise ManifestError(f"{where}: add the missing field(s) {', '.join(missing)}")


def _text(raw: dict, name: str, where: str) -> str:
    value = raw[name]
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}.{name}: give a non-empty text value")
    return value.strip()


def _date(raw: dict, name: str, where: str) -> date:
    value = raw[name]
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ManifestError(f"{where}.{name}: '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-01")


def _document_lines(text: str) -> dict[int, int]:
    """Line number of the n-th [[documents]] header in TOML text, so errors can point at it."""
    headers = [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[documents]]")]
    return {n: line for n, line in enumerate(headers, 1)}


def _with_line(message: str, lines: dict[int, int]) -> str:
    match = re.match(r"documents\[(\d+)\]", message)
    if match and int(match.group(1)) in lines:
        return f"line {lines[int(match.group(1))]}: {message}"
    return message
