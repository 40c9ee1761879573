"""Mediation on an appealable decision: the record, the agreement's actions and the brief."""
