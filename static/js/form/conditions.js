/* The shown_when evaluator, as questionnaire/conditions.py walks its tree on the server.
 *
 * Trees come from surveys/forms/routing.py: ["and", a, ...], ["or", ...], ["not", a],
 * ["cmp", left, [op, right], ...], ["var", id], ["const", value], ["list", a, ...]. A blank answer is null:
 * comparisons with null are false and `x in null` is false. tests/surveys/condition_vectors.json holds the
 * cases both evaluators must agree on.
 */

function contains(container, item) {
  if (Array.isArray(container)) {
    return container.indexOf(item) >= 0;
  }
  return typeof container === "string" && typeof item === "string" && container.indexOf(item) >= 0;
}

function compare(op, left, right) {
  if (op === "in" || op === "not in") {
    const inside = right !== null && left !== null && contains(right, left);
    return op === "in" ? inside : right !== null && !inside;
  }
  if (left === null || right === null) {
    return op === "!=" && left !== right;
  }
  if (typeof left !== typeof right) {
    return op === "!="; // Python: 1 == "1" is false, and ordering them is a TypeError (false)
  }
  switch (op) {
    case "==": return left === right;
    case "!=": return left !== right;
    case "<": return left < right;
    case "<=": return left <= right;
    case ">": return left > right;
    case ">=": return left >= right;
  }
  return false;
}

function value(node, env) {
  switch (node[0]) {
    case "var":
      return env[node[1]] === undefined ? null : env[node[1]];
    case "const":
      return node[1];
    case "list":
      return node.slice(1).map((n) => value(n, env));
    case "and":
      return node.slice(1).every((n) => truth(n, env));
    case "or":
      return node.slice(1).some((n) => truth(n, env));
    case "not":
      return !truth(node[1], env);
    case "cmp": {
      let left = value(node[1], env);
      for (let i = 2; i < node.length; i++) {
        const right = value(node[i][1], env);
        if (!compare(node[i][0], left, right)) {
          return false;
        }
        left = right;
      }
      return true;
    }
  }
  return false;
}

/** Whether a condition tree holds for `env` (variable id -> decoded answer, null when blank). */
export function truth(node, env) {
  const v = value(node, env);
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}
