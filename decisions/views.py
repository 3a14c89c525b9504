from django.shortcuts import render


def home(request):
    return render(request, "decisions/home.html")
