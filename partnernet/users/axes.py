"""django-axes needs to know which account a failed sign-in was for.

Allauth authenticates with `email=…`, the token API with `email=…` and
`username=…`, the admin with `username=…`; the form field is `login`. Axes
looks only at one name, so this picks whichever is there (lower-cased, as
e-mail addresses are stored).
"""


def axes_username(request, credentials) -> str | None:
    sources = [credentials or {}, getattr(request, "POST", None) or {}]
    for source in sources:
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()[:254]
    return None
