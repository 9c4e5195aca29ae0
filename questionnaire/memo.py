"""Things worked out from a questionnaire once per process (cell ids, form fields), not once per response."""

from collections.abc import Callable, Hashable
from typing import Any

_MEMO: dict[tuple, tuple[Any, Any]] = {}  # (id of questionnaire, *key) -> (questionnaire, value)


def per_questionnaire(questionnaire, key: tuple[Hashable, ...], build: Callable[[], Any]) -> Any:
    """`build()` for this questionnaire and `key`, kept for the process. The questionnaire itself is kept beside
    the value, so an id reused by a later (reloaded) questionnaire is never taken for the old one."""
    found = _MEMO.get((id(questionnaire), *key))
    if found is None or found[0] is not questionnaire:
        found = _MEMO[(id(questionnaire), *key)] = (questionnaire, build())
    return found[1]
