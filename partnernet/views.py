"""The platform's own views (the language switch); pages of the apps live in the apps."""

from django.conf import settings
from django.views.i18n import set_language as django_set_language


def set_language(request):
    """Django's language switch, which also remembers the choice for a signed-in user,
    so that the e-mails they get (feedback, claim notices) come in the same language."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if (
        request.method == "POST"
        and user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
