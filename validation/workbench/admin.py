"""Django admin for follow-up contacts (editors may use it besides their own page) and review events (read only)."""

from django.contrib import admin

from kostra.roles import is_admin, is_editor
from validation.models import FollowUpContact, ReviewEvent


@admin.register(FollowUpContact)
class FollowUpContactAdmin(admin.ModelAdmin):
    list_display = ("municipality", "survey", "contacted_on", "channel", "outcome", "follow_up_on", "editor")
    list_filter = ("survey__year", "channel", "outcome")
    search_fields = ("municipality__number", "municipality__name", "question", "notes")
    raw_id_fields = ("municipality", "flags")
    date_hierarchy = "contacted_on"

    # Editors log contacts; only admins delete them.
    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)

    def save_model(self, request, obj, form, change):
        if not change and obj.editor_id is None:
            obj.editor = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ("response", "action", "variable", "source", "user", "at")
    list_filter = ("action", "source")
    search_fields = ("response__municipality__number", "variable", "reason")
    raw_id_fields = ("response", "flag")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
