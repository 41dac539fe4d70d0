from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

urlpatterns = [
    path("", include("veerkracht.core.urls")),
    path("account/", include("veerkracht.accounts.urls")),
    path("organisaties/<slug:slug>/api-sleutels/", include("veerkracht.api.key_urls")),
    path("organisaties/", include("veerkracht.organisations.urls")),
    path("agenda/", include("veerkracht.agenda.urls")),
    path("monitor/", include("veerkracht.fieldwork.urls")),
    path("v/", include("veerkracht.fieldwork.respondent_urls")),
    path("samenwerken/", include("veerkracht.teams.urls")),
    path("besturen/", include("veerkracht.governance.urls")),
    path("gemeenschap/", include("veerkracht.community.urls")),
    path("organiseren/", include("veerkracht.resources.urls")),
    path("netwerk/", include("veerkracht.network.urls")),
    path("meedoen/", include("veerkracht.participation.urls")),
    path("plannen/", include("veerkracht.plans.urls")),
    path("open-data/", include("veerkracht.opendata.urls")),
    path("api/v1/", include("veerkracht.api.urls")),
    path("api/", include("veerkracht.api.fallback")),  # any other address under /api/: problem+json
    # no CSRF token: it sets only the visitor's own language cookie, and without a token every public
    # page is the same for every anonymous visitor (core.response_cache keeps it)
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # The admin logs in through the platform's own log-in (with lock-out and two factors).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler400 = "veerkracht.core.views.bad_request"
handler403 = "veerkracht.core.views.permission_denied"
handler404 = "veerkracht.core.views.page_not_found"
handler500 = "veerkracht.core.views.server_error"

admin.site.site_header = "Veerkracht"
admin.site.site_title = "Veerkracht"
