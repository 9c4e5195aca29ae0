from django.contrib import admin

from validation.models import Flag, RuleRun


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("rule_id", "response", "severity", "status", "score", "last_seen_at")
    list_filter = ("status", "severity", "rule_id", "response__survey__year")
    search_fields = ("rule_id", "variables", "response__municipality__number", "response__municipality__name")
    raw_id_fields = ("response", "last_run")
    readonly_fields = ("first_seen_at", "last_seen_at")


@admin.register(RuleRun)
class RuleRunAdmin(admin.ModelAdmin):
    list_display = ("survey", "scope", "status", "started_at", "finished_at", "done_chunks", "total_chunks")
    list_filter = ("status", "scope", "survey__year")
    raw_id_fields = ("response",)


import validation.workbench.admin  # noqa: E402, F401 - registers the follow-up contacts and review events
