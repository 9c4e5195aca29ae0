"""Editing rules: small registered pure functions (see registry.py). Importing this package registers them."""

from questionnaire.rules import amounts, comments, hosts, outliers, parts, staffing  # noqa: F401 - registers rules
from questionnaire.rules.amounts import (  # noqa: F401 - the form's live per-inhabitant hint
    KR_PER_INHABITANT_MAX,
    KR_PER_INHABITANT_MIN,
    cooperation_population,
    kr_per_inhabitant,
    per_inhabitant,
    per_inhabitant_population,
)
