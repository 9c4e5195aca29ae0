"""A tiny, safe condition language for `shown_when`: parsed once into a tree of whitelisted nodes.

Grammar (a subset of Python expressions): names (variable ids), string and number literals, comparisons
(== != < <= > >=), `in` / `not in`, `and`, `or`, `not`, parentheses. A bare name is true when the answer is
truthy (a ticked checkbox, a non-empty list). A blank answer is None: comparisons with None are false and
`x in None` is false, so a condition on an unanswered question never holds. Nothing is ever `eval`-ed.
"""

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


class ConditionSyntaxError(ValueError):
    pass


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(op, ast.In | ast.NotIn):
        inside = right is not None and left is not None and left in right
        return inside if isinstance(op, ast.In) else (right is not None and not inside)
    if left is None or right is None:
        return isinstance(op, ast.NotEq) and left != right
    try:
        return _COMPARE[type(op)](left, right)
    except TypeError:
        return False


def _check(node: ast.AST, names: set[str]) -> None:
    """Refuse every node outside the whitelist; collect the variable names used."""
    if isinstance(node, ast.Expression):
        _check(node.body, names)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, names)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, names)
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _COMPARE and not isinstance(op, ast.In | ast.NotIn):
                raise ConditionSyntaxError(f"operator {type(op).__name__} is not allowed")
        _check(node.left, names)
        for comparator in node.comparators:
            _check(comparator, names)
    elif isinstance(node, ast.Name):
        names.add(node.id)
    elif (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str | int | float)
        and not isinstance(node.value, bool)
    ):
        pass
    elif isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            _check(element, names)
    else:
        raise ConditionSyntaxError(f"{type(node).__name__} is not allowed")


def _value(node: ast.AST, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.BoolOp):
        results = (_truth(v, env) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.UnaryOp):
        return not _truth(node.operand, env)
    if isinstance(node, ast.Compare):
        left = _value(node.left, env)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _value(comparator, env)
            if not _compare(op, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value)) if isinstance(node.value, float) else node.value
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_value(e, env) for e in node.elts)
    raise ConditionSyntaxError(type(node).__name__)  # unreachable after _check


def _truth(node: ast.AST, env: Mapping[str, Any]) -> bool:
    return bool(_value(node, env))


@dataclass(frozen=True)
class Condition:
    """A parsed condition; `names` are the variables it reads."""

    source: str
    tree: ast.Expression = field(repr=False, compare=False)
    names: frozenset[str] = frozenset()

    def __call__(self, env: Mapping[str, Any]) -> bool:
        return _truth(self.tree.body, env)


def parse_condition(source: str) -> Condition:
    """Parse `source` or raise ConditionSyntaxError."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ConditionSyntaxError(exc.msg) from None
    names: set[str] = set()
    _check(tree, names)
    return Condition(source=source, tree=tree, names=frozenset(names))
