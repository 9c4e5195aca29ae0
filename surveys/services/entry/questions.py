"""SSB's questions to the municipality after a send-back, as the reporter's side sees them.

The questions live with the flags (validation/dialogue), above this floor: that app registers its services here
when it is ready (validation/dialogue/apps.py), so the reporter's pages and the submission ask for questions
without importing it. Without it, there are no questions.
"""

_provider = None


def register(provider) -> None:
    global _provider
    _provider = provider


def open_questions(response, texts=None) -> list:
    return _provider.open_questions(response, texts) if _provider else []


def unanswered(response) -> list:
    return _provider.unanswered(response) if _provider else []


def close(response) -> None:
    if _provider:
        _provider.close(response)


def save_replies(response, texts, *, user) -> int:
    return _provider.save_replies(response, texts, user=user) if _provider else 0


def by_question(states, questionnaire) -> dict:
    return _provider.by_question(states, questionnaire) if _provider else {}
