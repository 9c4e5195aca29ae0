"""import_contacts: all rows or none, UTF-8 with or without BOM, errors naming row, column and value."""

import pytest
from django.core.management import CommandError, call_command

from collection.models import Contact, ContactChange


def _write(tmp_path, text: str, *, bom: bool = False):
    path = tmp_path / "kontakter.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True])
def test_it_imports_every_row_and_logs_it(survey_2021, tmp_path, capsys, bom):
    path = _write(
        tmp_path,
        "kommunenummer,name,email\n4601,Åse Ødegård,ase@bergen.kommune.no\n0301,Ola,ola@oslo.kommune.no\n",
        bom=bom,
    )
    call_command("import_contacts", str(path), "--year", "2021")
    assert "imported 2 new" in capsys.readouterr().out
    ase = Contact.objects.get(municipality__number="4601")
    assert (ase.name, ase.email) == ("Åse Ødegård", "ase@bergen.kommune.no")
    assert ContactChange.objects.filter(contact=ase, source="import", new_email="ase@bergen.kommune.no").count() == 1


def test_a_second_import_logs_only_changes(survey_2021, tmp_path, capsys):
    call_command("import_contacts", str(_write(tmp_path, "kommunenummer,name,email\n4601,A,a@x.no\n0301,B,b@x.no\n")))
    call_command("import_contacts", str(_write(tmp_path, "kommunenummer,name,email\n4601,A,a@x.no\n0301,B,ny@x.no\n")))
    assert "0 new and 1 changed contact(s); 1 unchanged" in capsys.readouterr().out
    change = ContactChange.objects.get(new_email="ny@x.no")
    assert (change.old_email, change.contact.municipality.number) == ("b@x.no", "0301")


def test_bad_rows_reject_the_whole_file(survey_2021, tmp_path, capsys):
    text = (
        "kommunenummer,name,email\n"
        "4601,Grete,grete@bergen.kommune.no\n"
        "9999,Ukjent,u@x.no\n"
        "4601,Igjen,igjen@x.no\n"
        "0301,Ola,ikke-en-adresse\n"
    )
    with pytest.raises(CommandError, match="nothing imported: 3 error"):
        call_command("import_contacts", str(_write(tmp_path, text)), "--year", "2021")
    err = capsys.readouterr().err
    assert "row 3, column kommunenummer: value 9999: no municipality with this number in 2021" in err
    assert "row 4, column kommunenummer: value 4601: the same municipality as row 2" in err
    assert "row 5, column email: value ikke-en-adresse: not a valid e-mail address" in err
    assert not Contact.objects.exists()


def test_missing_column_and_non_utf8_are_errors(survey_2021, tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_contacts", str(_write(tmp_path, "kommunenummer,name\n4601,A\n")))
    assert "row 1, column email: value : column missing from the header" in capsys.readouterr().err
    path = tmp_path / "latin1.csv"
    path.write_bytes("kommunenummer,name,email\n4601,Åse,a@x.no\n".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_contacts", str(path))
    assert "the file is not UTF-8" in capsys.readouterr().err
