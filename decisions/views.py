from django.shortcuts import render


def home(request):
    return render(request, "decisions/home.html")


def items(request):
    return render(request, "decisions/placeholder.html", {"title": "Items"})


def guidelines(request):
    return render(request, "decisions/placeholder.html", {"title": "Guidelines"})


def stats(request):
    """Placeholder until the stats page lands (branch stats)."""
    return render(request, "decisions/placeholder.html", {"title": "Stats"})


def case_by_id(request, pk):
    return render(request, "decisions/placeholder.html", {"title": "Case"})


def case_source(request, pk):
    return render(request, "decisions/placeholder.html", {"title": "Case"})


def case_detail(request, case_number):
    return render(request, "decisions/placeholder.html", {"title": "Case"})
