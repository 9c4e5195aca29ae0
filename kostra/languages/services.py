"""Which language a person sees: their own choice, else their municipality's målform, else the browser's."""

from django.conf import settings

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
# A municipality's written form (målvedtak) as an interface language; "neutral" decides nothing.
WRITTEN_FORM_LANGUAGE = {"nb": "nb", "nn": "nn"}


def save_choice(user, language: str) -> None:
    """Remember the language the user chose (ignored for an unknown code)."""
    from kostra.languages.models import LanguageChoice

    if language in LANGUAGE_CODES:
        LanguageChoice.objects.update_or_create(user=user, defaults={"language": language})


def saved_choice(user) -> str | None:
    from kostra.languages.models import LanguageChoice

    return LanguageChoice.objects.filter(user=user).values_list("language", flat=True).first()


def municipality_language(user, year: int | None = None, number: str | None = None) -> str | None:
    """For a reporter, the language of their municipality's målform: the page's municipality if they report for it,
    else the one all their municipalities agree on; None when neutral, mixed, or the user reports for none (an
    editor reads every municipality in their own language)."""
    from kostra.reference.models import Municipality
    from surveys.models import Membership

    numbers = set(Membership.objects.filter(user=user).values_list("municipality_number", flat=True))
    if number in numbers:
        numbers = {number}
    if not numbers:
        return None
    rows = Municipality.objects.filter(number__in=numbers)
    if year:
        rows = rows.filter(year=year)
    forms = {}  # the latest register year of each municipality counts
    for municipality_number, written_form in rows.order_by("year").values_list("number", "written_form"):
        forms[municipality_number] = written_form
    languages = {WRITTEN_FORM_LANGUAGE.get(form) for form in forms.values()}
    return languages.pop() if len(languages) == 1 else None


def language_for(user, year: int | None = None, number: str | None = None) -> str | None:
    """The language to show a signed-in user, or None to leave it to the browser (or a switch before login)."""
    return saved_choice(user) or municipality_language(user, year, number)
