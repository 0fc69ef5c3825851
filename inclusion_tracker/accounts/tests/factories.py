import factory

from inclusion_tracker.accounts.models import User
from inclusion_tracker.core.tests.factories import ModelFactory

PASSWORD = "correct-horse-battery-staple"


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(user: User, create, value, **kwargs):
        user.save()
        if value:
            user.set_role(value)

    @factory.post_generation
    def establishments(user: User, create, value, **kwargs):
        if value:
            user.establishments.set(value)
