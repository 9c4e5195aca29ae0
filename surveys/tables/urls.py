from django.urls import path, register_converter

from surveys.tables import views


class TableSlug:
    """A table id as in file names: `4.2`, `5.10`, `Figur_3.1`."""

    regex = r"(?:Figur_)?[0-9]+\.[0-9]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class Format:
    regex = "csv|xlsx|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TableSlug, "table")
register_converter(Format, "fmt")

app_name = "tables"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("<int:year>/", views.index, name="index"),
    path("<int:year>/sammendrag/", views.summary, name="summary"),
    path("<int:year>/publiser/", views.publish_year, name="publish"),
    path("<int:year>/tabeller.xlsx", views.workbook, name="workbook"),
    path("<int:year>/excel/", views.workbook_start, name="workbook-start"),
    path("<int:year>/excel/<int:pk>/", views.workbook_status, name="workbook-status"),
    path("<int:year>/excel/<int:pk>/tabeller.xlsx", views.workbook_file, name="workbook-file"),
    path("<int:year>/<table:table_slug>/", views.detail, name="detail"),
    path("<int:year>/<table:table_slug>/last-ned.<fmt:fmt>", views.download, name="download"),
    path("<int:year>/<table:table_slug>/celle/<int:row>/<int:column>/", views.cell, name="cell"),
]
