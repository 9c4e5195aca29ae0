"""Who may open a response: only members of its municipality; everyone else gets 404."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from kostra.reference.models import Municipality
from surveys.models import Correction, Membership, Response, Survey
from surveys.services.entry import membership_for, response_for


@dataclass
class Entry:
    survey: Survey
    municipality: Municipality
    response: Response
    membership: Membership
    # Read with the locked row (get_entry(lock=True)): False when the response has no active correction.
    has_corrections: bool = True

    @property
    def url_args(self) -> tuple[int, str]:
        return (self.survey.year, self.municipality.number)


def get_entry(request, year: int, kommune: str, *, lock: bool = False) -> Entry:
    """The response of `kommune` in `year` for a member of that municipality, else 404. With `lock` (inside the
    caller's transaction) the stored response row is locked for update as it is read."""
    membership = membership_for(request.user, kommune)
    if membership is None:
        raise Http404("not a member of this municipality")
    responses = Response.objects.select_related("survey", "municipality")
    if lock:
        # Read under the lock (an editor's correction locks the row too): whether a save can supersede a
        # correction (save_draft's has_corrections), so the usual save, with none, need not look for them.
        active = Correction.objects.filter(response=OuterRef("pk"), superseded_at__isnull=True)
        responses = responses.select_for_update(of=("self",)).annotate(has_active_corrections=Exists(active))
    found = responses.filter(survey__year=year, municipality__year=year, municipality__number=kommune).first()
    # one query for the usual case, a response already saved
    if found is not None:
        return Entry(
            found.survey, found.municipality, found, membership, found.has_active_corrections if lock else True
        )
    survey = get_object_or_404(Survey, year=year)
    municipality = get_object_or_404(Municipality, year=year, number=kommune)
    return Entry(survey, municipality, response_for(survey, municipality), membership)
