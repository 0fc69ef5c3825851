import factory

from inclusion_tracker.accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, value, **kwargs):
        self.save()
        if value:
            self.set_role(value)

    @factory.post_generation
    def establishments(self, create, value, **kwargs):
        if value:
            self.establishments.set(value)
