"""Django admin for configuration only: councils, teams, staff and access grants. Children's
records are never edited here; they have their own pages, rules and history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kinmap.councils.models import AccessGrant, Council, StaffMember, Team


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "pack_name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "council", "service_areas")
    list_filter = ("council",)
    search_fields = ("name",)


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "role", "team", "council", "job_title")
    list_filter = ("council", "role", "team")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user", "team", "council")
    raw_id_fields = ("user",)


@admin.register(AccessGrant)
class AccessGrantAdmin(SimpleHistoryAdmin):
    list_display = ("staff", "team", "reason", "granted_by", "granted_at", "ends_on")
    list_filter = ("staff__council",)
    search_fields = ("staff__user__username", "staff__user__last_name", "reason")
    list_select_related = ("staff__user", "team", "granted_by__user")
