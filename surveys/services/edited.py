"""The edited layer: the values of a response's last submission round with the editors' corrections on top.

This is what every reader of *submitted* data uses: the tables and their downloads, workbooks and publications,
the rules' batch and entry-time runs, the responses export (`--values edited`) and the editors' review page. A
reporter's draft, also one saved after a send-back, lives only in `raw_values` and reaches none of them until it
is submitted (interchange.md: "edited = last submitted values + corrections").

A correction counts for the edited layer unless it was superseded by a submission: a draft that changes a
corrected value marks the correction superseded at once (the reporter's page shows the new value), but until that
draft is submitted the correction still stands over the submitted value it corrected. Of several corrections of
one variable the newest wins. A response that is marked submitted but has no round (stored before rounds were
kept) is read from its raw values; a response never submitted has no edited values.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT

from surveys.models import Correction, Response, SubmissionRound


def _last_rounds(responses: QuerySet, variables: list[str] | None):
    """(response pk, submitted_at, texts) of each response's last round; `variables`: only those keys."""
    last = SubmissionRound.objects.filter(response=OuterRef("response")).order_by("-number").values("number")[:1]
    rounds = SubmissionRound.objects.filter(response__in=responses.values("pk"), number=Subquery(last))
    if variables is None:
        yield from rounds.values_list("response_id", "submitted_at", "values")
        return
    keys = {f"v{i}": KT(f"values__{var}") for i, var in enumerate(variables)}
    for pk, at, *texts in rounds.annotate(**keys).values_list("response_id", "submitted_at", *keys):
        yield pk, at, {var: text for var, text in zip(variables, texts, strict=True) if text is not None}


def _unrounded(responses: QuerySet, variables: list[str] | None):
    """(pk, None, raw texts) of responses submitted before rounds were kept."""
    has_round = SubmissionRound.objects.filter(response=OuterRef("pk"))
    submitted = Q(first_submitted_at__isnull=False) | ~Q(status=Response.Status.IN_PROGRESS)
    rows = responses.filter(submitted).exclude(Exists(has_round))
    if variables is None:
        yield from ((pk, None, raw) for pk, raw in rows.values_list("pk", "raw_values"))
        return
    keys = {f"v{i}": KT(f"raw_values__{var}") for i, var in enumerate(variables)}
    for pk, *texts in rows.annotate(**keys).values_list("pk", *keys):
        yield pk, None, {var: text for var, text in zip(variables, texts, strict=True) if text is not None}


def edited_texts(responses: QuerySet, *, variables: Iterable[str] | None = None) -> dict[int, dict[str, str]]:
    """response pk -> edited texts of the submitted responses among `responses` (all keys, or `variables` only).

    Blank texts are left in (a correction may blank a value): decoding drops them.
    """
    variables = None if variables is None else list(variables)
    texts, submitted_at = {}, {}
    for source in (_last_rounds(responses, variables), _unrounded(responses, variables)):
        for pk, at, values in source:
            texts[pk], submitted_at[pk] = dict(values), at
    corrections = Correction.objects.filter(response__in=list(texts))
    if variables is not None:
        corrections = corrections.filter(variable__in=variables)
    fields = ("response_id", "variable", "value", "superseded_at")
    for pk, var, value, superseded_at in corrections.order_by("created_at", "id").values_list(*fields):
        at = submitted_at[pk]
        if superseded_at is None or (at is not None and superseded_at > at):
            texts[pk][var] = value
    return texts


def edited_values(response: Response) -> dict[str, str]:
    """The edited texts of one response, blanks left out ({} if it was never submitted)."""
    texts = edited_texts(Response.objects.filter(pk=response.pk)).get(response.pk, {})
    return {var: text for var, text in texts.items() if text != ""}


def submitted_texts(response: Response) -> dict[str, str]:
    """The reporter's values as last submitted (raw values if submitted before rounds were kept), blanks left out."""
    last = response.rounds.order_by("-number").values_list("values", flat=True).first()
    texts = response.raw_values if last is None else last
    return {var: text for var, text in texts.items() if text != ""}


def has_newer_draft(response: Response) -> bool:
    """Whether the reporter has saved values since the last submission that are not submitted yet."""
    return submitted_texts(response) != {var: text for var, text in response.raw_values.items() if text != ""}
