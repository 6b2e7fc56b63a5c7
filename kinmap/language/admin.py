from django.contrib import admin

from kinmap.language.models import JargonTerm


@admin.register(JargonTerm)
class JargonTermAdmin(admin.ModelAdmin):
    list_display = ("term", "suggestion", "council")
    list_filter = ("council",)
    search_fields = ("term",)
