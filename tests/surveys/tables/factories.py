"""Hand-made municipalities and table helpers for the table tests."""


def kommune(number: str, population: int, centrality: int = 3, codes: dict | None = None, **answers) -> dict:
    """One municipality of a hand-made year: register data, answers as stored texts, editor codes."""
    return {"number": number, "population": population, "centrality": centrality, "codes": codes or {}, **answers}


def values(table, data) -> list[list]:
    return table.compute(data)["values"]


def column(table, data, c: int) -> list:
    return [row[c] for row in values(table, data)]
