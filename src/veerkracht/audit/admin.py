from django.contrib import admin

from veerkracht.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "event", "actor_repr", "object_type", "object_repr", "result", "origin"]
    list_filter = ["event", "result", "object_type"]
    search_fields = ["actor_repr", "object_repr", "object_id", "origin"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
