"""The catalogue of questionnaire load errors: each names the file, the question id and the field."""


class QuestionnaireError(ValueError):
    """A definition file that cannot be loaded."""

    def __init__(self, file: str, where: str, field: str, message: str):
        self.file, self.where, self.field = file, where, field
        super().__init__(f"{file}: {where}: {field}: {message}")


UNKNOWN_TYPE = "unknown question type {value!r}"
UNKNOWN_ENUM = "unknown enumeration {value!r}"
DUPLICATE_ID = "duplicate variable id {value!r}"
BAD_CONDITION = "condition {value!r} cannot be parsed: {reason}"
UNKNOWN_NAME = "condition names unknown or later variable {value!r}"
MISSING_FIELD = "required field is missing"
BAD_PATTERN = "cell id pattern {value!r} does not give ids starting with the question id"
NOT_A_NUMBER = "{value!r} is not a number"
NOT_A_FLAG = "{value!r} is not true or false"
EMPTY_RANGE = "the range {low} to {high} is empty"
MISSING_LANGUAGE = "text is missing in {language} (each text is given in nb as _no, in nn and in en)"
UNKNOWN_UNIT = "unit {value!r} is not listed under units"
