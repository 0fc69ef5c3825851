from datetime import date

import factory

from inclusion_tracker.children.models import Child


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    legal_first_name = factory.Sequence(lambda n: f"Child{n}")
    legal_last_name = "Testcase"
    date_of_birth = date(2015, 3, 12)
    postcode = "LE1 2AB"
