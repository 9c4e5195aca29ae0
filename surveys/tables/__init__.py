"""The published tables of the SSB report, computed from the survey data (table-definitions.md)."""
