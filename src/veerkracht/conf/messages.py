"""Messages whose Dutch the project settles once for every app.

Django and Django REST framework translate some shared messages differently ("Dit veld is vereist" /
"Dit veld is verplicht"); which one appears would depend on import order. The project catalogue
(LOCALE_PATHS, consulted first) fixes the wording.
"""

from django.utils.translation import gettext_noop

SHARED = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
]
