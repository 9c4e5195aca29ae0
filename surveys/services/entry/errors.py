"""The refused reporter actions; their messages are shown to the user."""


class EntryError(Exception):
    """A refused reporter action; the message is shown to the user."""


class ResponseLocked(EntryError):
    pass


class SubmitBlocked(EntryError):
    pass
