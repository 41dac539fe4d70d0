from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from veerkracht.core.mail import scrubbed_or
from veerkracht.core.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "reference"]
    list_filter = ["status", "language"]
    search_fields = ["to", "subject", "reference", "key"]
    exclude = ["body_text", "body_html"]
    readonly_fields = [
        *(f.name for f in OutgoingEmail._meta.fields if f.name not in {"body_text", "body_html"}),
        "text",
        "html",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    @admin.display(description=_("text"))
    def text(self, obj: OutgoingEmail) -> str:
        return scrubbed_or(obj.body_text)

    @admin.display(description=_("HTML"))
    def html(self, obj: OutgoingEmail) -> str:
        return obj.body_html
