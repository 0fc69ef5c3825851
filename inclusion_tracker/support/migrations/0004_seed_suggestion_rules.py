"""The first suggestion rules: the examples issue 5 gives (looked after ->
Virtual School; Gypsy, Roma or Traveller -> MATU; EHCP or SEN support ->
Specialist Teaching Service, educational psychology and school-to-school
outreach; health needs -> specialist health services; early years -> Family
Help), and a few that follow from what the seed services say they do.

They are data: team managers change, turn off or add to them at
/support/suggestion-rules/. Services are found by the names migration 0002
gave them; a rule whose service is not there (renamed, say) is skipped. The
rules are written out here, not imported, so that this migration keeps
working whatever later happens to the model. It adds the rules only when
there are none yet, and removing it leaves them alone.
"""

from django.db import migrations

VIRTUAL_SCHOOL = "Leicestershire Virtual School"
MATU = "Multi Agency Travellers Unit (MATU)"
STS = "Specialist Teaching Service"
EP = "Educational psychology service"
OUTREACH = "School-to-school outreach for children with SEND"
HEALTH = "Specialist health services"
FAMILY_HELP = "Family Help Service"
FORUMS = "Inclusion forums"

RULES = [
    dict(
        service=VIRTUAL_SCHOOL,
        condition="flag",
        flag="looked_after",
        reason="Looked after child: the Virtual School oversees the education of "
        "looked-after children",
    ),
    dict(
        service=MATU,
        condition="flag",
        flag="gypsy_roma_traveller",
        reason="Gypsy, Roma or Traveller: the Multi Agency Travellers Unit helps "
        "Traveller families reach education and health services",
    ),
    dict(
        service=STS,
        condition="flag",
        flag="has_ehcp",
        reason="EHCP: the Specialist Teaching Service advises schools and families on "
        "special educational needs",
    ),
    dict(
        service=STS,
        condition="flag",
        flag="sen_support",
        reason="SEN support: the Specialist Teaching Service advises schools and "
        "families on special educational needs",
    ),
    dict(
        service=STS,
        condition="notification_reason",
        notification_reason="part_time_timetable:send",
        reason="Part-time timetable while SEND support or a placement is arranged",
    ),
    dict(
        service=EP,
        condition="flag",
        flag="has_ehcp",
        reason="EHCP: educational psychologists support learning and wellbeing",
    ),
    dict(
        service=EP,
        condition="flag",
        flag="sen_support",
        reason="SEN support: educational psychologists support learning and wellbeing",
    ),
    dict(
        service=EP,
        condition="notification_reason",
        notification_reason="other_missing_education:awaiting_place",
        reason="Awaiting a specialist place or an EHC needs assessment",
    ),
    dict(
        service=OUTREACH,
        condition="flag",
        flag="has_ehcp",
        reason="EHCP: special schools' outreach supports children with complex SEND "
        "in mainstream schools",
    ),
    dict(
        service=OUTREACH,
        condition="flag",
        flag="sen_support",
        reason="SEN support: special schools' outreach supports children with SEND "
        "in mainstream schools",
    ),
    dict(
        service=HEALTH,
        condition="episode_kind",
        episode_kind="health_needs",
        reason="Health-needs absence: health services can advise on the child's "
        "health needs in education",
    ),
    dict(
        service=HEALTH,
        condition="notification_reason",
        notification_reason="part_time_timetable:health",
        reason="Part-time timetable for medical or health needs",
    ),
    dict(
        service=HEALTH,
        condition="notification_reason",
        notification_reason="part_time_timetable:mental_health",
        reason="Part-time timetable for mental health or emotionally based school avoidance",
    ),
    dict(
        service=HEALTH,
        condition="notification_reason",
        notification_reason="other_missing_education:health",
        reason="Missing out on education because of health needs",
    ),
    dict(
        service=HEALTH,
        condition="notification_reason",
        notification_reason="other_missing_education:ebsa",
        reason="Missing out on education through emotionally based school avoidance",
    ),
    dict(
        service=FAMILY_HELP,
        condition="episode_kind",
        episode_kind="early_years",
        age_from=0,
        age_to=5,
        reason="Early years: the Family Help Service supports families with young "
        "children missing their setting",
    ),
    dict(
        service=FAMILY_HELP,
        condition="age",
        age_from=0,
        age_to=4,
        reason="Under 5: the Family Help Service offers early help to families with "
        "young children",
    ),
    dict(
        service=FORUMS,
        condition="episode_kind",
        episode_kind="part_time_timetable",
        reason="Part-time timetable: the inclusion forums help schools return a child "
        "to full-time education",
    ),
    dict(
        service=FORUMS,
        condition="notification_reason",
        notification_reason="other_missing_education:suspension",
        reason="Suspended with no education from the sixth day",
    ),
    dict(
        service=FORUMS,
        condition="notification_reason",
        notification_reason="removal_from_roll:O",
        reason="Permanently excluded: Oakfield Short Stay School and the partnerships "
        "attend the inclusion forums",
    ),
]


def add_rules(apps, schema_editor):
    Service = apps.get_model("support", "Service")
    SuggestionRule = apps.get_model("support", "SuggestionRule")
    if SuggestionRule.objects.exists():
        return
    services = {service.name: service for service in Service.objects.all()}
    for position, fields in enumerate(RULES, 1):
        fields = dict(fields)
        service = services.get(fields.pop("service"))
        if service is None:
            continue
        SuggestionRule.objects.create(service=service, position=position * 10, **fields)


class Migration(migrations.Migration):
    dependencies = [("support", "0003_suggestion_rules")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
