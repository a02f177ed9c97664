"""The admin's sign-in form, with every label in the user's language.

Wagtail's ``LoginForm`` declares its password field without a label, so Django shows the
field's name, "Password", in English whatever the language (Wagtail 8.0). Remove this
form (``WAGTAILADMIN_USER_LOGIN_FORM``) when Wagtail labels the field itself; its lockout
message (django-axes) would then move to the lockout answer in home/security.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from home.security import lockout_message


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("パスワード")

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # django-axes marks the request when this attempt is refused for too many
            # failures; the form then says so rather than "wrong password" (home/security.py).
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise
