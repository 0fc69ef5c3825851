"""The header navigation: each role sees only what it may use."""

from dataclasses import dataclass

from django.urls import reverse


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
    NavItem("Notify", "notifications:start", "accounts.school_access"),
    NavItem("Your notifications", "notifications:list", "accounts.school_access"),
    NavItem("Triage", "casework:triage", "accounts.la_access"),
    NavItem("Worklists", "casework:worklists", "accounts.la_access"),
    NavItem("Received", "notifications:received", "accounts.la_access"),
    NavItem("Children", "children:list", "accounts.la_access"),
    NavItem("Establishments", "establishments:list", "accounts.la_access"),
    NavItem("Support services", "support:list", ("accounts.school_access", "accounts.la_access")),
    NavItem("Term dates", "school_calendar:list", "accounts.manage_team"),
    NavItem("Support for your pupils", "referrals:school-list", "accounts.school_access"),
    NavItem("Your team", "accounts:team", "accounts.manage_establishment_users"),
    NavItem("Users", "accounts:users", "accounts.manage_users"),
    NavItem("Audit log", "audit:list", "accounts.view_audit_log"),
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
