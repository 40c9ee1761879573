"""Statement of case drafting: light markup, the default template, evidence references, .docx and PDF output.

Plain Python (no Flask), so the CLI, the web app and the tests share one renderer.
"""
