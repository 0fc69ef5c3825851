"""Suggested support on a child's page (casework's child page, LA staff only)."""

from django.urls import reverse

from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.support.models import Service
from inclusion_tracker.support.tests.helpers import child_with, open_episode


def child_page(client, child) -> str:
    return page_text(client.get(reverse("casework:child", args=[child.pk])))


def test_an_officer_sees_each_suggested_service_with_its_reasons_and_page(client_for, officer):
    child = child_with(looked_after=True)
    open_episode(child, EpisodeKind.HEALTH_NEEDS)
    virtual_school = Service.objects.get(name="Leicestershire Virtual School")
    text = child_page(client_for(officer), child)
    assert "Suggested support" in text
    assert f'href="/support/{virtual_school.pk}/">Leicestershire Virtual School</a>' in text
    assert (
        "Looked after child: the Virtual School oversees the education of looked-after children"
        in text
    )
    assert "Health-needs absence: health services can advise" in text


def test_a_child_with_nothing_to_suggest_says_so(client_for, officer):
    text = child_page(client_for(officer), child_with())
    assert "No services are suggested for this child's needs" in text


def test_the_childs_page_lists_the_suggested_services(client_for, officer):
    child = child_with(looked_after=True)
    response = client_for(officer).get(reverse("casework:child", args=[child.pk]))
    assert response.status_code == 200
    assert [s.service.name for s in response.context["suggestions"]] == [
        "Leicestershire Virtual School"
    ]


def test_each_suggestion_links_to_record_a_referral_to_that_service(client_for, manager):
    child = child_with(gypsy_roma_traveller=True)
    matu = Service.objects.get(name="Multi Agency Travellers Unit (MATU)")
    text = child_page(client_for(manager), child)
    assert (
        f'<a class="govuk-link" href="/children/{child.pk}/referrals/add/?service={matu.pk}">'
        'Record a referral<span class="govuk-visually-hidden"> to Multi Agency Travellers '
        "Unit (MATU)</span></a>"
    ) in text


def test_school_users_do_not_see_the_childs_page_or_its_suggestions(client_for, school_user_a):
    child = child_with(looked_after=True)
    response = client_for(school_user_a).get(reverse("casework:child", args=[child.pk]))
    assert response.status_code == 404
