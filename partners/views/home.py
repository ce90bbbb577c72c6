"""The home page: search box, categories and featured guaranteed partners (DESIGN §5 `/`).

It lives here, not in the platform package, because it reads the partners' selectors;
the root URLconf names it by its dotted path (see partnernet/urls.py).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partners.selectors import home_context


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", home_context())
