from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = "Innsamling"

    def ready(self):
        from collection.season import allows_entry
        from surveys.services.entry.membership import ENTRY_GATES

        # The season decides when reporters may write; the form asks every registered gate.
        ENTRY_GATES.append(allows_entry)
