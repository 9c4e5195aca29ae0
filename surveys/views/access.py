"""Who may open a response: only members of its municipality; everyone else gets 404."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from kostra.reference.models import Municipality
from surveys.models import Membership, Response, Survey
from surveys.services.entry.membership import membership_for, response_for
from surveys.services.entry_read import read_entry


@dataclass
class Entry:
    survey: Survey
    municipality: Municipality
    response: Response
    membership: Membership
    # Read with the locked row (get_entry(lock=True)): False when the response has no active correction.
    has_corrections: bool = True
    # The response's explanations, read with it, for check_response; None: not read (no saved response yet).
    explanations: dict[str, str] | None = None

    @property
    def url_args(self) -> tuple[int, str]:
        return (self.survey.year, self.municipality.number)


NOT_A_MEMBER = "not a member of this municipality"


def get_entry(request, year: int, kommune: str, *, lock: bool = False) -> Entry:
    """The response of `kommune` in `year` for a member of that municipality, else 404. With `lock` (inside the
    caller's transaction) the stored response row is locked for update as it is read."""
    if not request.user.is_authenticated:
        raise Http404(NOT_A_MEMBER)
    found = read_entry(request.user, year, kommune, lock=lock)  # one query for the usual case: a saved response
    if found is not None:
        if found.membership is None:
            raise Http404(NOT_A_MEMBER)
        response = found.response
        return Entry(
            response.survey,
            response.municipality,
            response,
            found.membership,
            found.has_corrections,
            found.explanations,
        )
    membership = membership_for(request.user, kommune)
    if membership is None:
        raise Http404(NOT_A_MEMBER)
    survey = get_object_or_404(Survey, year=year)
    municipality = get_object_or_404(Municipality, year=year, number=kommune)
    return Entry(survey, municipality, response_for(survey, municipality), membership)
