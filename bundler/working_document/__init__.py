"""The working document: the EHC plan both sides mark up in the Tribunal's typographic key until the hearing.

Plain Python over plain data (no Flask, no database): the key, the plan and its proposals, import of the
authority's plan, the .docx writer, the reader of the other side's file and the 25-page check.
"""
