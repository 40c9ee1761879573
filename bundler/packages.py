"""Opening a zip package someone sent (.docx, .odt): whatever a damaged one raises, from zipfile, zlib, lxml or
python-docx, the readers catch as one thing and turn into their own error with their own message."""
import struct
import zipfile
import zlib

# A bad central directory, a name that is not UTF-8 (ValueError), a member that fails to inflate (zlib.error,
# EOFError), an unsupported compression method (NotImplementedError) or an encrypted member (RuntimeError).
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, KeyError,
               OSError, struct.error)


class UnreadableDocx(Exception):
    """The file is not a .docx python-docx can open; the message says what was wrong, for the reader's own."""


def open_docx(path):
    """A python-docx Document, or UnreadableDocx for anything that is not a sound .docx package."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from lxml.etree import XMLSyntaxError

    try:
        document = Document(str(path))
    except (*DAMAGED_ZIP, PackageNotFoundError, XMLSyntaxError, AttributeError) as exc:
        raise UnreadableDocx(f"{type(exc).__name__}: {exc}") from None
    root = document.element
    if root.tag != qn("w:document") or root.find(qn("w:body")) is None:
        raise UnreadableDocx("its main part is not a Word document body")
    return document
