"""Reasonable enquiries for a child missing education: the actions an officer
logs. The list follows "Children missing education: statutory guidance for
local authorities" (DfE, August 2024), which expects enquiries of the
family and its contacts, other services and other local authorities, and a
search of the school-to-school (lost pupil) database, before a child's
whereabouts are recorded as unknown.
"""

from django.db import models


class EnquiryMethod(models.TextChoices):
    CALLS_TO_CONTACTS = "calls_to_contacts", "Phone calls to all known contacts"
    LETTER = "letter", "Letter to the home address"
    HOME_VISIT = "home_visit", "Home visit"
    SIBLINGS_SCHOOLS = "siblings_schools", "Siblings' schools"
    OTHER_LA = "other_la", "Other local authorities"
    HEALTH = "health", "Health services (GP, school nurse, health visitor)"
    POLICE = "police", "Police"
    SCHOOL_TO_SCHOOL = "school_to_school", "School-to-school or lost pupil database"
    SOCIAL_CARE = "social_care", "Children's social care"
    SOCIAL_MEDIA = "social_media", "Social media"
    OTHER = "other", "Another enquiry"


class EnquiryResult(models.TextChoices):
    NO_INFORMATION = "no_information", "No information"
    LEAD = "lead", "A lead to follow up"
    FOUND = "found", "Child found"
