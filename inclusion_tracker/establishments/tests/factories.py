import factory

from inclusion_tracker.core.tests.factories import ModelFactory
from inclusion_tracker.establishments.models import Establishment


class EstablishmentFactory(ModelFactory[Establishment]):
    class Meta:
        model = Establishment

    urn = factory.Sequence(lambda n: f"{980000 + n}")
    la_code = "855"
    la_name = "Leicestershire"
    establishment_number = factory.Sequence(lambda n: f"{2000 + n}")
    name = factory.Sequence(lambda n: f"Test School {n}")
    type_name = "Community school"
    type_group = "Local authority maintained schools"
    phase = "Primary"
    postcode = "LE1 1AA"
