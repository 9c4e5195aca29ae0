from django.contrib import admin

from surveys.models import ChangeLog, Correction, Membership, Response, SubmissionRound, Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("year", "questionnaire_version", "definition_file", "is_open")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("municipality", "survey", "status", "editing_status", "submitted_at", "assigned_editor")
    list_filter = ("survey", "status", "editing_status")
    search_fields = ("municipality__number", "municipality__name")
    readonly_fields = ("raw_values", "version", "first_saved_at", "last_changed_at")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("response", "variable", "raw_value", "value", "editor", "created_at", "superseded_at")
    search_fields = ("variable", "response__municipality__number")


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    list_display = ("response", "variable", "layer", "old_value", "new_value", "source", "user", "at")
    list_filter = ("source", "layer")
    search_fields = ("variable", "response__municipality__number")


@admin.register(SubmissionRound)
class SubmissionRoundAdmin(admin.ModelAdmin):
    list_display = ("response", "number", "submitted_at", "submitted_by")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality_number", "parts", "is_main_contact")
    search_fields = ("user__username", "municipality_number")
