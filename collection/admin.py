from django.contrib import admin

from collection.models import Contact, ContactChange, Message, Reminder, Season


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 1


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("survey", "opens_on", "deadline", "closes_on", "editors_final_on")
    inlines = [ReminderInline]


class ContactChangeInline(admin.TabularInline):
    model = ContactChange
    extra = 0
    can_delete = False
    readonly_fields = ("source", "old_name", "old_email", "new_name", "new_email", "user", "at")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("municipality", "survey", "name", "email")
    list_filter = ("survey",)
    search_fields = ("municipality__number", "municipality__name", "name", "email")
    readonly_fields = ("survey", "municipality", "name", "email")  # changes go through the logged service
    inlines = [ContactChangeInline]

    def has_add_permission(self, request):
        return False  # import_contacts or the municipality's collection page, which log the change


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The e-mail log: read-only."""

    list_display = ("created_at", "kind", "municipality", "to", "status", "attempts", "sent_at")
    list_filter = ("kind", "status", "survey")
    search_fields = ("to", "subject", "municipality__number", "municipality__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
