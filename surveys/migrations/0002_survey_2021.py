from django.db import migrations


def create(apps, schema_editor):
    from surveys.services.years import ensure_survey

    ensure_survey(2021, survey_model=apps.get_model("surveys", "Survey"))


def remove(apps, schema_editor):
    apps.get_model("surveys", "Survey").objects.filter(year=2021).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("reference", "0002_load_register_2021")]
    operations = [migrations.RunPython(create, remove)]
