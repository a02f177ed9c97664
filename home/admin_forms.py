"""The admin's sign-in form, with every label in the user's language.

Wagtail's ``LoginForm`` declares its password field without a label, so Django shows the
field's name, "Password", in English whatever the language (Wagtail 8.0). Remove this
form (``WAGTAILADMIN_USER_LOGIN_FORM``) when Wagtail labels the field itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("パスワード")
