"""The header navigation: each role sees only what it may use."""

from dataclasses import dataclass

from django.urls import reverse

from inclusion_tracker.core.permissions import (
    LA_ACCESS,
    MANAGE_ESTABLISHMENT_USERS,
    MANAGE_TEAM,
    MANAGE_USERS,
    SCHOOL_ACCESS,
    VIEW_AUDIT_LOG,
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # None: any signed-in user; a tuple: a user with any one of them.
    permission: str | tuple[str, ...] | None

    def allows(self, user) -> bool:
        if self.permission is None:
            return True
        permissions = (self.permission,) if isinstance(self.permission, str) else self.permission
        return any(user.has_perm(permission) for permission in permissions)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem("Home", "core:home", None),
    NavItem("Notify", "notifications:start", SCHOOL_ACCESS),
    NavItem("Your notifications", "notifications:list", SCHOOL_ACCESS),
    NavItem("Triage", "casework:triage", LA_ACCESS),
    NavItem("Worklists", "casework:worklists", LA_ACCESS),
    NavItem("Received", "notifications:received", LA_ACCESS),
    NavItem("Children", "children:list", LA_ACCESS),
    NavItem("Establishments", "establishments:list", LA_ACCESS),
    NavItem("Support services", "support:list", (SCHOOL_ACCESS, LA_ACCESS)),
    NavItem("Term dates", "school_calendar:list", MANAGE_TEAM),
    NavItem("Support for your pupils", "referrals:school-list", SCHOOL_ACCESS),
    NavItem("Your team", "accounts:team", MANAGE_ESTABLISHMENT_USERS),
    NavItem("Users", "accounts:users", MANAGE_USERS),
    NavItem("Audit log", "audit:list", VIEW_AUDIT_LOG),
    NavItem("Your account", "accounts:profile", None),
)


def navigation_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if getattr(request, "two_factor_pending", False):
        return []
    items = []
    for item in NAV_ITEMS:
        if item.allows(user):
            url = item.url
            current = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": item.label, "url": url, "current": current})
    return items
