from django.contrib import admin

from veerkracht.core.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "reference"]
    list_filter = ["status", "language"]
    search_fields = ["to", "subject", "reference", "key"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
