"""Conditions as JSON for static/js/form.js: the same parsed tree the server evaluates, walked into lists.

Shapes: ["and", a, b, ...], ["or", ...], ["not", a], ["cmp", left, [op, right], ...], ["var", id],
["const", value], ["list", a, ...]. The browser mirrors conditions.py; the server stays the truth on save.
"""

import ast
import json
from collections.abc import Iterable

from questionnaire.conditions import Condition

_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}


def _tree(node: ast.AST) -> list:
    if isinstance(node, ast.BoolOp):
        return ["and" if isinstance(node.op, ast.And) else "or", *(_tree(v) for v in node.values)]
    if isinstance(node, ast.UnaryOp):
        return ["not", _tree(node.operand)]
    if isinstance(node, ast.Compare):
        steps = [[_OPS[type(op)], _tree(right)] for op, right in zip(node.ops, node.comparators, strict=True)]
        return ["cmp", _tree(node.left), *steps]
    if isinstance(node, ast.Name):
        return ["var", node.id]
    if isinstance(node, ast.Constant):
        return ["const", node.value]
    if isinstance(node, ast.Tuple | ast.List):
        return ["list", *(_tree(e) for e in node.elts)]
    raise ValueError(type(node).__name__)  # conditions.py admits nothing else


def show_if(conditions: Iterable[Condition]) -> str:
    """The data-show-if attribute value: all conditions must hold ('' when there are none)."""
    trees = [_tree(c.tree.body) for c in conditions]
    if not trees:
        return ""
    return json.dumps(trees[0] if len(trees) == 1 else ["and", *trees], separators=(",", ":"))
