"""The child's flags used across the product: risk badges, suggestions, reports.

One place: the model's boolean fields, their labels and how the badge looks.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    field: str
    label: str
    short: str
    tag_colour: str  # a GOV.UK tag modifier


FLAGS: tuple[Flag, ...] = (
    Flag("has_ehcp", "Education, health and care plan (EHCP)", "EHCP", "purple"),
    Flag("sen_support", "Special educational needs (SEN) support", "SEN support", "purple"),
    Flag("looked_after", "Looked after child", "Looked after", "red"),
    Flag("child_protection_plan", "Child protection plan", "Child protection plan", "red"),
    Flag("child_in_need", "Child in need", "Child in need", "orange"),
    Flag("gypsy_roma_traveller", "Gypsy, Roma or Traveller", "Gypsy/Roma/Traveller", "blue"),
    Flag("young_carer", "Young carer", "Young carer", "blue"),
    Flag("eal", "English as an additional language", "EAL", "grey"),
)
FLAG_FIELDS = tuple(flag.field for flag in FLAGS)
