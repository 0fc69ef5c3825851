import factory

from inclusion_tracker.core.tests.factories import ModelFactory
from inclusion_tracker.support.models import DirectReferral, Service


class ServiceFactory(ModelFactory[Service]):
    """A service; `needs=["autism", ...]` sets its needs (default: SEND)."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test service {n}")
    offers = "Advice and support for schools"
    who_for = "Children and their families"
    age_from = 0
    age_to = 25
    how_to_refer = "Email the service"
    direct_referral = DirectReferral.YES

    @factory.post_generation
    def needs(service: Service, create, value, **kwargs):
        if create:
            service.set_needs(value if value is not None else ["send"])
