"""Workbench pages: short views over the services in validation/workbench/."""
