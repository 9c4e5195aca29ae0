"""The editors' workbench: the work queue, the review of one response, corrections, follow-up contacts,
comment coding and the audit trail. Pages under kontroll/arbeid/; models in models.py."""
