from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from inclusion_tracker.core.permissions import LA_ACCESS, requires_permission
from inclusion_tracker.establishments.models import Establishment

PAGE_SIZE = 50


@requires_permission(LA_ACCESS)
def establishment_list(request):
    query = request.GET.get("q", "").strip()
    establishments = Establishment.objects.search(query)
    if request.GET.get("closed") != "1":
        establishments = establishments.open()
    page = Paginator(establishments.order_by("name", "urn"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "establishments/establishment_list.html",
        {"page": page, "q": query, "show_closed": request.GET.get("closed") == "1"},
    )


@requires_permission(LA_ACCESS)
def establishment_detail(request, urn):
    establishment = get_object_or_404(Establishment, urn=urn)
    return render(
        request, "establishments/establishment_detail.html", {"establishment": establishment}
    )
