"""The authority's position on the appeal (HESC r.21(2); SEND Regs 2014 reg 45; send-tribunal.md §3.6, §4.1).

Not opposing, before the response is due, is done by a notice under reg 45, not a response: the appeal is then
treated as decided for the appellant and the reg 45 periods run from the date of the notice.
"""
from __future__ import annotations

OPPOSES, OPPOSES_IN_PART, DOES_NOT_OPPOSE = "opposes", "opposes_in_part", "does_not_oppose"
POSITIONS = {
    OPPOSES: "Opposes the appeal",
    OPPOSES_IN_PART: "Opposes the appeal in part (concedes some issues)",
    DOES_NOT_OPPOSE: "Does not oppose the appeal (a notice under regulation 45, not a response)",
}


class PositionError(ValueError):
    pass


def check_position(position: str, conceded: str) -> str:
    """The conceded issues, tidied; refuses an unknown position or a partial concession that names nothing."""
    if position not in POSITIONS:
        raise PositionError(f"'{position}' is not a position; choose one of: {', '.join(POSITIONS.values())}.")
    conceded = conceded.strip()
    if position == OPPOSES_IN_PART and not conceded:
        raise PositionError("Say which issues the local authority concedes, one a line.")
    return conceded if position == OPPOSES_IN_PART else ""


def conceded_lines(conceded: str) -> list[str]:
    return [line.strip().lstrip("-").strip() for line in conceded.splitlines() if line.strip().lstrip("-").strip()]
