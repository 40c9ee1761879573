"""Plan checks: is Section F specific and quantified, and do Sections B, E and F line up?

Rules layer: plain Python over plain data (no Flask, no database). The rules themselves are data in
`bundler/rules/provision_checks.toml`; `reader` turns a .docx or .txt plan into sections, `checker` applies the
rules, `alignment` links needs, outcomes and provision, and `reports` writes the alignment report and provision map.
"""
