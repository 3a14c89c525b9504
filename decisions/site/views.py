"""Thin views: read the parameters, call the query and presentation helpers, render.

The archive's pages are read-only: they answer GET and HEAD only, and are kept for the
next visitor until the archive changes (decisions/site/page_cache.py). The one thing a
visitor writes is their own saved searches, signed in (POST, with Django's CSRF check).
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from decisions.models import Case, SavedSearch
from decisions.parsing.header import CASE_NUMBER
from decisions.site import csv_export
from decisions.site.feeds import ItemFeed
from decisions.site.item_filter import DisputedItemFilter
from decisions.site.page_cache import GAVE_UP_PAGE_SECONDS, kept_until_the_archive_changes
from decisions.site.pages.case import case_context
from decisions.site.pages.guidelines import guideline_index
from decisions.site.pages.home import home_context
from decisions.site.pages.items import PageOutOfRange, build_listing
from decisions.site.pages.stats import stats_json, stats_page
from decisions.site.presentation import without
from decisions.site.saved_searches import SavedSearchForm, saved_search_rows
from decisions.site.sources import CONTENT_TYPES, servable_source

# The numbers the parser reads, so every ingested case can be found by its number.
CASE_NUMBER_QUERY = re.compile(rf"\s*{CASE_NUMBER}\s*", re.IGNORECASE)
FORMATS = ("html", "json", "csv")
STATS_FORMATS = ("html", "json")


def unknown_format(formats) -> JsonResponse:
    return JsonResponse({"errors": {"format": [f"Use one of {', '.join(formats)}."]}}, status=400)


@require_safe
@kept_until_the_archive_changes
def home(request):
    return render(request, "decisions/home.html", home_context())


@require_safe
@kept_until_the_archive_changes
def items(request):
    response_format = request.GET.get("format", "html")
    if response_format not in FORMATS:
        return unknown_format(FORMATS)
    case_number = request.GET.get("q", "")
    if CASE_NUMBER_QUERY.fullmatch(case_number):
        case = Case.objects.for_number(case_number).first()
        if case is not None:
            return redirect(case.get_absolute_url())
    filterset = DisputedItemFilter(request.GET)
    listing = None
    if filterset.is_valid():
        if response_format == "csv":
            return csv_export.stream_csv(filterset.qs)
        try:
            listing = build_listing(filterset, request.GET)
        except PageOutOfRange as error:
            filterset.form.add_error("page", str(error))
    if listing is None:
        if response_format != "html":
            return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
        retry_url = without(request.GET, filterset.errors.keys())
        context = {"form": filterset.form, "retry_url": retry_url}
        return render(request, "decisions/items.html", context, status=400)
    if response_format == "json":
        response = JsonResponse(listing.as_json(request))
    else:
        response = render(
            request, "decisions/items.html", {"form": filterset.form, "listing": listing}
        )
    if not listing.every_facet_counted:
        # Kept briefly (decisions/site/page_cache.py): a later visitor may get every count.
        patch_cache_control(response, max_age=GAVE_UP_PAGE_SECONDS)
    return response


@require_safe
@kept_until_the_archive_changes
def items_feed(request):
    """The Atom feed of /items/?QUERY; bad parameters give the JSON formats' 400."""
    filterset = DisputedItemFilter(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    return ItemFeed()(request, filterset=filterset)


@require_safe
@kept_until_the_archive_changes
def guidelines(request):
    context = guideline_index(request.GET)
    return render(request, "decisions/guidelines.html", context)


@require_safe
@kept_until_the_archive_changes
def stats(request):
    """Overturn rates and timings for the items the query parameters of /items/ select."""
    wanted = request.GET.get("format", "html")
    if wanted not in STATS_FORMATS:
        return unknown_format(STATS_FORMATS)
    item_filter = DisputedItemFilter(request.GET)
    if not item_filter.is_valid():
        if wanted == "json":
            return JsonResponse({"errors": item_filter.errors.get_json_data()}, status=400)
        return render(request, "decisions/stats.html", {"item_filter": item_filter}, status=400)
    page = stats_page(item_filter, request.GET)
    if wanted == "json":
        return JsonResponse(stats_json(page))
    return render(request, "decisions/stats.html", {"item_filter": item_filter, **page})


@require_safe
@kept_until_the_archive_changes
def case_detail(request, case_number):
    case = get_object_or_404(Case.objects.with_related(), case_number=case_number.upper())
    return render(request, "decisions/case.html", case_context(case))


@require_safe
@kept_until_the_archive_changes
def case_by_id(request, pk):
    case = get_object_or_404(Case.objects.with_related(), pk=pk)
    if case.get_absolute_url() != request.path:
        return redirect(case.get_absolute_url(), permanent=True)
    return render(request, "decisions/case.html", case_context(case))


@require_safe
def case_source(request, pk):
    case = get_object_or_404(Case, pk=pk)
    path = servable_source(case)
    if path is None:
        raise Http404("This letter's file is not served (see its path and sha256 on the case).")
    return FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES[path.suffix.lower()],
        filename=path.name,
    )


# -- saved searches: each signed-in analyst sees and changes their own only ------------------


def _render_saved_searches(request, new_form=None, invalid_form=None, status=200):
    context = {
        "rows": saved_search_rows(request.user, invalid_form),
        "new_form": new_form,
    }
    return render(request, "decisions/saved_searches.html", context, status=status)


def _own_saved_search(request, pk) -> SavedSearch:
    """The signed-in user's saved search; another user's is a 404, as if it did not exist."""
    return get_object_or_404(SavedSearch.objects.owned_by(request.user), pk=pk)


def _back_to_list(request, message: str):
    messages.success(request, message)
    return redirect("decisions:saved-searches")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def saved_searches(request):
    """The list (GET); POST saves the filter it is sent under a name."""
    if request.method != "POST":
        return _render_saved_searches(request)
    form = SavedSearchForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _render_saved_searches(request, new_form=form, status=400)
    return _back_to_list(request, f"Saved the search {form.save().name!r}.")


@login_required
@require_POST
def saved_search_edit(request, pk):
    saved = _own_saved_search(request, pk)
    form = SavedSearchForm(request.POST, instance=saved, owner=request.user)
    if not form.is_valid():
        return _render_saved_searches(request, invalid_form=form, status=400)
    return _back_to_list(request, f"Changed the saved search {form.save().name!r}.")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = _own_saved_search(request, pk)
    saved.delete()
    return _back_to_list(request, f"Deleted the saved search {saved.name!r}.")
