"""The support services the council's page names (shared/seed), so that a
fresh install has them. Described in our own words; the page gives no contact
details or web addresses for them, so none are invented: each says to ask the
Inclusion service. Age ranges are broad defaults for team managers to confirm,
and "schools may refer directly" is "yes" only where the page says the service
works with schools.

The data is written out here, not imported, so that this migration keeps
working whatever later happens to the model or the needs list. It adds only
services whose name is not there yet, and removing it leaves them alone.
"""

from django.db import migrations

ASK = "Ask the Inclusion service for this service's contact details and how to refer."

SERVICES = [
    dict(
        name="ADHD Solutions",
        offers="Support for people with attention deficit hyperactivity disorder (ADHD), "
        "and for the families and professionals around them.",
        who_for="Children and young people with ADHD, or thought to have it, and their "
        "families. The service also works with adults.",
        age_from=0,
        age_to=25,
        direct_referral="not_known",
        needs=["adhd", "send", "behaviour", "mental_health"],
    ),
    dict(
        name="Specialist Teaching Service",
        offers="Free advice and support for schools and families on particular kinds of "
        "special educational needs and disabilities: hearing, vision, learning, autism, "
        "and assistive technology for education.",
        who_for="Children and young people with SEND, their families and their schools.",
        age_from=0,
        age_to=25,
        direct_referral="yes",
        needs=["send", "sensory", "learning", "autism"],
    ),
    dict(
        name="Specialist health services",
        offers="Health care for children from universal and targeted health services, "
        "including Public Health and Healthy Schools.",
        who_for="Children and young people whose health affects their education, and the "
        "schools that support them.",
        age_from=0,
        age_to=19,
        direct_referral="not_known",
        needs=["health", "mental_health"],
    ),
    dict(
        name="Multi Agency Travellers Unit (MATU)",
        offers="Services for Gypsy and Traveller families that aim to improve their quality "
        "of life and help them reach health and education services.",
        who_for="Gypsy, Roma and Traveller children and their families.",
        age_from=0,
        age_to=25,
        direct_referral="not_known",
        needs=["gypsy_roma_traveller", "health", "attendance"],
    ),
    dict(
        name="Inclusion forums",
        offers="Forums where schools get help so that every child and young person can take "
        "part in education and training. Oakfield Short Stay School, the Leicestershire "
        "Secondary Education and Inclusion Partnerships and other agencies attend.",
        who_for="Schools supporting children at risk of missing education, exclusion or "
        "disengagement.",
        age_from=4,
        age_to=18,
        direct_referral="yes",
        needs=["behaviour", "attendance", "mental_health"],
    ),
    dict(
        name="Leicestershire Virtual School",
        offers="Help to improve the education of children in care, for early years settings, "
        "schools, families, carers and social workers.",
        who_for="Looked-after children, and the settings, schools, carers and social workers "
        "around them.",
        age_from=0,
        age_to=18,
        direct_referral="yes",
        needs=["looked_after", "early_years"],
    ),
    dict(
        name="Educational psychology service",
        offers="Educational psychologists who support inclusion, learning, wellbeing and "
        "good futures for children, with information for parents, carers and young people "
        "about how they can help.",
        who_for="Children and young people, their parents and carers, and schools.",
        age_from=0,
        age_to=25,
        direct_referral="not_known",
        needs=["send", "learning", "mental_health"],
    ),
    dict(
        name="Family Help Service",
        offers="Early help for families having difficulties that universal services, such "
        "as schools or GPs, cannot support on their own.",
        who_for="Families with children who need more help than universal services give.",
        age_from=0,
        age_to=18,
        direct_referral="not_known",
        needs=["early_help"],
    ),
    dict(
        name="Professionals Service Directory",
        offers="A list of emotional, mental health and wellbeing services across Leicester, "
        "Leicestershire and Rutland, and how to reach each one.",
        who_for="Professionals looking for emotional, mental health or wellbeing support "
        "for a child or young person.",
        age_from=0,
        age_to=25,
        direct_referral="not_known",
        needs=["mental_health"],
    ),
    dict(
        name="School-to-school outreach for children with SEND",
        offers="Teachers from special schools share what they know about complex needs "
        "with mainstream schools, giving local support to children there with complex "
        "SEND. The council says six special schools offer it.",
        who_for="Children with complex SEND in mainstream schools, and their teachers.",
        age_from=4,
        age_to=19,
        direct_referral="yes",
        needs=["send"],
        is_school_outreach=True,
    ),
]


def add_services(apps, schema_editor):
    Service = apps.get_model("support", "Service")
    ServiceNeed = apps.get_model("support", "ServiceNeed")
    for fields in SERVICES:
        fields = dict(fields)
        needs = fields.pop("needs")
        if Service.objects.filter(name=fields["name"]).exists():
            continue
        service = Service.objects.create(how_to_refer=ASK, **fields)
        ServiceNeed.objects.bulk_create(ServiceNeed(service=service, need=code) for code in needs)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(add_services, migrations.RunPython.noop)]
