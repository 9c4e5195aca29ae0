"""Finding one's way in a long form: the parts with their states, "del 3 av 8", previous and next."""

from dataclasses import dataclass

from django.urls import reverse

from surveys.services.entry import checks


@dataclass(frozen=True)
class PartLink:
    number: int
    section: object
    url: str
    state: str
    label: str
    current: bool


@dataclass(frozen=True)
class PartsNav:
    parts: list[PartLink]
    position: int  # 1-based; 0 when the current section is not applicable (not among the parts)
    previous: PartLink | None
    next: PartLink | None
    check_url: str


def parts_nav(entry, check: checks.EntryCheck, current) -> PartsNav:
    """The applicable sections in order, each with its state (as the overview shows it)."""
    shown = [s for s in entry.survey.questionnaire.sections if check.section_shown(s)]
    parts = [
        PartLink(
            number=i,
            section=s,
            url=reverse("surveys:section", args=(*entry.url_args, s.id)),
            state=check.state(s),
            label=str(checks.STATE_LABELS[check.state(s)]),
            current=s.id == current.id,
        )
        for i, s in enumerate(shown, start=1)
    ]
    at = next((p.number for p in parts if p.current), 0)
    return PartsNav(
        parts=parts,
        position=at,
        previous=parts[at - 2] if at > 1 else None,
        next=parts[at] if at and at < len(parts) else None,
        check_url=reverse("surveys:check", args=entry.url_args),
    )
