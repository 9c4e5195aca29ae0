from django.contrib import admin

from kostra.reference.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "year", "county_name", "population", "centrality_class", "written_form")
    list_filter = ("year", "centrality_class", "county_name", "written_form")
    list_editable = ("written_form",)
    search_fields = ("number", "name")
