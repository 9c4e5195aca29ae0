"""Selective editing's stored state: each open flag's impact on the published cells, and the editors' threshold."""
