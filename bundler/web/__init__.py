"""The web app: one blueprint per area, plus the access rules every route uses."""
