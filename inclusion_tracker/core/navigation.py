"""The header navigation: each role sees only what it may use."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: any signed-in user

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem("Home", "core:home", None),
    NavItem("Notify", "notifications:start", "accounts.school_access"),
    NavItem("Your notifications", "notifications:list", "accounts.school_access"),
    NavItem("Received", "notifications:received", "accounts.la_access"),
    NavItem("Children", "children:list", "accounts.la_access"),
    NavItem("Establishments", "establishments:list", "accounts.la_access"),
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
        if item.permission is None or user.has_perm(item.permission):
            url = item.url
            current = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": item.label, "url": url, "current": current})
    return items
