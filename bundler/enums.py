"""Enums whose members carry the words a person reads for them."""
import enum


class LabelledEnum(enum.StrEnum):
    """Members written `name = "value", "Label"`: stored as the value, shown as the label."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) for every member, in order, for a form's radios or select."""
        return [(member.value, member.label) for member in cls]
