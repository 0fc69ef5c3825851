"""Users: sign-in by e-mail, one role (a Django group), and for school users
the establishments they act for."""

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from inclusion_tracker.accounts.roles import LA_STAFF_ROLES, SCHOOL_ROLES, Role
from inclusion_tracker.core.permissions import LA_ACCESS, MANAGE_ESTABLISHMENT_USERS, MANAGE_USERS
from inclusion_tracker.establishments.models import Establishment, LocalAuthority


class UserQuerySet(models.QuerySet):
    def with_role(self, role: str):
        return self.filter(groups__name=role)

    def la_staff(self):
        """Active local authority staff: who casework can be assigned to."""
        return self.filter(is_active=True, groups__name__in=LA_STAFF_ROLES).distinct()

    def at_establishments(self, establishments):
        return self.filter(establishments__in=establishments).distinct()

    def in_local_authorities(self, codes):
        """Users of these local authorities: the one place it is written.
        A school user by their establishments (any of them in one of the
        LAs); a user with no establishment (LA staff, or a school user
        removed from them all) by their own LA, none meaning the
        deployment's (the first of LA_CODES, as `User.la_code`)."""
        codes = list(codes)
        links = User.establishments.through.objects.filter(user_id=OuterRef("pk"))
        own_la = Q(local_authority_id__in=codes)
        if settings.LA_CODES[0] in codes:
            own_la |= Q(local_authority__isnull=True)
        return self.filter(
            Exists(links.filter(establishment__la_code__in=codes)) | (~Exists(links) & own_la)
        )

    def in_local_authority(self, code: str):
        return self.in_local_authorities([code])

    def visible_to(self, user):
        """The users someone sees on the user pages: an administrator the
        users of their local authorities (`User.la_codes`), a school main
        contact the users of their establishments, anyone else nobody."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.has_perm(MANAGE_USERS):
            return self.in_local_authorities(user.la_codes)
        if user.has_perm(MANAGE_ESTABLISHMENT_USERS):
            return self.at_establishments(user.establishments.all())
        return self.none()

    def joined(self):
        """Users who have chosen a password: an invited person has not joined
        until they follow the link in their invitation."""
        return self.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)


# django-stubs' plugin cannot type this base in the user model's own module
# (it crashes mypy when written as a module-level alias), so it stays dynamic.
class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email, password=None, *, role=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        if role:
            user.set_role(role)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, role=Role.ADMINISTRATOR, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=100, blank=True)
    establishments = models.ManyToManyField(Establishment, blank=True, related_name="users")
    # The local authority the user works for or with: an LA staff member's
    # own; a school user's establishments' (set when they join). Its name and
    # phone number head every page the user sees.
    local_authority = models.ForeignKey(
        "establishments.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # An administrator of a shared deployment may work for further LAs too.
    other_local_authorities = models.ManyToManyField(
        "establishments.LocalAuthority", blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        permissions = [
            ("school_access", "Can notify and see records for their own establishments"),
            ("manage_establishment_users", "Can invite and deactivate their establishments' users"),
            ("la_access", "Can see and work on every child in the local authority"),
            ("manage_team", "Can assign caseloads, approve closures and manage reference data"),
            ("manage_users", "Can manage every user and their establishments"),
            ("view_audit_log", "Can read the audit log"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    # Roles -----------------------------------------------------------------
    @property
    def role(self) -> str | None:
        """The user's role: the name of their one group."""
        if not hasattr(self, "_role"):
            names = [group.name for group in self.groups.all()]
            self._role = names[0] if names else None
        return self._role

    def set_role(self, role: str) -> None:
        self.groups.set([Group.objects.get(name=role)])
        self._role = role
        for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
            self.__dict__.pop(cache, None)

    @property
    def is_la_staff(self) -> bool:
        """Local authority staff (officers, team managers, administrators):
        whoever holds LA access, the one test of it everywhere. Asked of the
        permissions, which the pages' decorators have loaded already, so it
        costs no query there; False for a deactivated account."""
        return self.is_active and self.has_perm(LA_ACCESS)

    @property
    def la_codes(self) -> list[str]:
        """The codes of the local authorities whose children this user's
        casework covers: their own LA's (the deployment's, the first of
        LA_CODES, until one is set), and an administrator's further LAs (one
        query, kept for the request)."""
        if not hasattr(self, "_la_codes"):
            codes = [self.la_code]
            if self.has_perm(MANAGE_USERS):
                codes += self.other_local_authorities.values_list("code", flat=True)
            self._la_codes = sorted(set(codes))
        return self._la_codes

    @property
    def la_code(self) -> str:
        """The code of the user's own LA: `local_authority`, none meaning
        the deployment's (the first of LA_CODES). No query."""
        return self.local_authority_id or settings.LA_CODES[0]

    @property
    def home_local_authority(self) -> "LocalAuthority | None":
        """The LA whose name and phone number head the user's pages: their
        own, else the deployment's (no query: LocalAuthority.by_code)."""
        return LocalAuthority.by_code(self.la_code)

    @property
    def is_school_user(self) -> bool:
        return self.role in SCHOOL_ROLES

    @property
    def two_factor_required(self) -> bool:
        """Whether the user's role must use two-factor sign-in: LA staff when
        REQUIRE_2FA_FOR_STAFF is on, school main contacts when
        REQUIRE_2FA_FOR_MAIN_CONTACTS is."""
        return (settings.REQUIRE_2FA_FOR_STAFF and self.is_la_staff) or (
            settings.REQUIRE_2FA_FOR_MAIN_CONTACTS and self.role == Role.SCHOOL_MAIN_CONTACT
        )

    def needs_two_factor(self) -> bool:
        """Users whose role requires it, and anyone who has set it up, must
        enter a code at sign-in."""
        from django_otp import user_has_device

        return self.two_factor_required or user_has_device(self)

    # Scope -----------------------------------------------------------------
    def can_manage(self, other: "User") -> bool:
        """Administrators manage anyone but themselves (of the users they
        see: `UserQuerySet.visible_to`, their own LAs'); a school main
        contact manages school users who share one of their establishments."""
        if other.pk == self.pk:
            return False
        if self.has_perm(MANAGE_USERS):
            return True
        if self.has_perm(MANAGE_ESTABLISHMENT_USERS) and other.is_school_user:
            mine = set(self.establishments.values_list("pk", flat=True))
            return bool(mine & set(other.establishments.values_list("pk", flat=True)))
        return False


# Wrong guesses before an e-mailed two-factor code stops working.
EMAIL_CODE_MAX_ATTEMPTS = 5


class TwoFactorEmailCodeQuerySet(models.QuerySet):
    def live(self, now=None):
        """Codes that can still be entered: unused, unexpired and not worn
        out by wrong guesses."""
        return self.filter(
            used_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            failed_attempts__lt=EMAIL_CODE_MAX_ATTEMPTS,
        )


class TwoFactorEmailCode(models.Model):
    """A 6-digit code e-mailed to a user, which they enter before they first
    set up two-factor sign-in, to show the e-mail address is theirs. Only a
    keyed hash of the code is kept (`two_factor.hash_email_code`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="two_factor_email_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = TwoFactorEmailCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"Two-factor set-up code for user {self.user_id}"


class EstablishmentInvitationQuerySet(models.QuerySet):
    def waiting(self, now=None):
        """Invitations not yet accepted and not expired. An invitation that
        made a new account is accepted when its person chooses a password."""
        return self.filter(expires_at__gt=now or timezone.now()).filter(
            models.Q(new_account=False, accepted_at__isnull=True)
            | models.Q(new_account=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        )

    def for_establishments(self, establishments):
        return self.filter(establishments__in=establishments).distinct()


class EstablishmentInvitation(models.Model):
    """A school main contact's invitation to act for some of their
    establishments. A new address gets a new account at once (and a link to
    choose a password); an existing account is only added once its owner
    signs in and accepts, through a signed link e-mailed to them
    (`accounts/invitations.py`). The main contact sees every invitation the
    same way, so cannot tell which addresses already had an account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    # The name and job title as the main contact typed them.
    full_name = models.CharField(max_length=150)
    establishments = models.ManyToManyField(Establishment, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    new_account = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = EstablishmentInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    def offered_establishments(self) -> list[Establishment]:
        """The establishments this invitation can still add the person to:
        those its main contact still manages, while they are one."""
        inviter = self.invited_by
        if not (inviter.is_active and inviter.has_perm(MANAGE_ESTABLISHMENT_USERS)):
            return []
        theirs = set(inviter.establishments.values_list("pk", flat=True))
        return [e for e in self.establishments.order_by("name") if e.pk in theirs]

    def can_be_accepted_by(self, user) -> bool:
        """Only the school user it was sent to, before it expires, once, and
        only while it still offers an establishment. Local authority staff
        and other establishments' main contacts are never added to a team."""
        return (
            not self.new_account
            and self.accepted_at is None
            and self.expires_at > timezone.now()
            and self.user_id == user.pk
            and user.role == Role.SCHOOL_USER
            and bool(self.offered_establishments())
        )

    def accept(self) -> list[Establishment]:
        """Adds the person to the establishments still offered; returns them.
        Call inside a transaction with the row locked."""
        establishments = self.offered_establishments()
        self.user.establishments.add(*establishments)
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])
        return establishments
