"""Errors the engine raises. Each message says what is wrong and what to do about it."""
import pikepdf

# What opening or reading a PDF can raise: qpdf's own failures are RuntimeError, and a number too big for 64 bits
# (a startxref, say) is ValueError.
UNREADABLE_PDF = (pikepdf.PdfError, RuntimeError, ValueError, OSError)


class BundleError(Exception):
    """Base class: anything that stops a bundle being built or checked."""


class ManifestError(BundleError):
    """The manifest is malformed; the message names the line or field."""


class InputError(BundleError):
    """An input file cannot go into the bundle; `reason` says what the officer can do."""

    def __init__(self, file, reason: str):
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{self.file}: {reason}")
