from django.http import JsonResponse
from django.shortcuts import render

from .filters import DisputedItemFilter
from .models import DisputedItem
from .stats import all_figures


def home(request):
    return render(request, "decisions/home.html")


def items(request):
    return render(request, "decisions/placeholder.html", {"title": "Items"})


def guidelines(request):
    return render(request, "decisions/placeholder.html", {"title": "Guidelines"})


def stats(request):
    """Overturn rates and timings for the items the query parameters of /items/ select."""
    wanted = request.GET.get("format", "html")
    if wanted not in ("html", "json"):
        message = {"message": "format must be html or json", "code": "invalid"}
        return JsonResponse({"errors": {"format": [message]}}, status=400)
    item_filter = DisputedItemFilter(request.GET, queryset=DisputedItem.objects.all())
    query = query_without_format(request)
    if not item_filter.is_valid():
        if wanted == "json":
            return JsonResponse({"errors": item_filter.errors.get_json_data()}, status=400)
        context = {"item_filter": item_filter, "figures": None, "query": query}
        return render(request, "decisions/stats.html", context, status=400)
    figures = all_figures(item_filter.qs)
    if wanted == "json":
        return JsonResponse({"query": query, **figures})
    context = {"item_filter": item_filter, "figures": figures, "query": query}
    return render(request, "decisions/stats.html", context)


def query_without_format(request) -> str:
    """The filter's query string, for links to the same items elsewhere."""
    params = request.GET.copy()
    params.pop("format", None)
    return params.urlencode()


def case_by_id(request, pk):
    return render(request, "decisions/placeholder.html", {"title": "Case"})


def case_source(request, pk):
    return render(request, "decisions/placeholder.html", {"title": "Case"})


def case_detail(request, case_number):
    return render(request, "decisions/placeholder.html", {"title": "Case"})
