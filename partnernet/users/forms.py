"""allauth's forms with the portal's labels; they render through templates/forms/ like every form."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


def _label(form, **labels):
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label(self, login=_("E-mail"), password=_("Password"), remember=_("Keep me signed in"))
        # The page links to the password reset below the button; no second link in the help text.
        self.fields["password"].help_text = ""


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label(self, email=_("E-mail"), password1=_("Password"), password2=_("Password (again)"))


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label(self, email=_("E-mail"))


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label(self, password1=_("New password"), password2=_("New password (again)"))
