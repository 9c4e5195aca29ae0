from django.db import migrations


def load(apps, schema_editor):
    from kostra.reference.loading import load_register

    load_register(2021, municipality_model=apps.get_model("reference", "Municipality"))


def unload(apps, schema_editor):
    apps.get_model("reference", "Municipality").objects.filter(year=2021).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
