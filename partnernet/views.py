from django.shortcuts import render

from partners.selectors import home_context


def home(request):
    return render(request, "home.html", home_context())


def placeholder(request, **kwargs):
    # Replaced by each app's real view as its issue lands.
    return render(request, "placeholder.html", {"kwargs": kwargs})
