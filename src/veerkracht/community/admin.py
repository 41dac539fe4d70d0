"""Communities of practice in the admin: where an installation administrator names a community's
moderators and owners (``Membership.role``)."""

from __future__ import annotations

from django.contrib import admin

from veerkracht.community.models import CommunityOfPractice, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "opted_in_at"]
    raw_id_fields = ["user"]
    extra = 0


@admin.register(CommunityOfPractice)
class CommunityOfPracticeAdmin(admin.ModelAdmin):
    list_display = ["theme", "municipality", "region"]
    search_fields = ["theme", "slug"]
    prepopulated_fields = {"slug": ["theme"]}
    inlines = [MembershipInline]
