from django.contrib import admin

from kostra.languages.models import LanguageChoice


@admin.register(LanguageChoice)
class LanguageChoiceAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "chosen_at")
    list_filter = ("language",)
    search_fields = ("user__username",)
