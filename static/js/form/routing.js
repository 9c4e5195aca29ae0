/* Show and hide questions, rows and blocks as answers change (data-show-if, see surveys/forms/routing.py).
 * Document order is definition order, and a condition reads only earlier questions: one pass suffices.
 * The answers inside a hidden element count as blank for the conditions after it, as on the server. */

import { truth } from "./conditions.js";
import { readValues } from "./values.js";

export function makeRouter(form, outside) {
  const routed = Array.prototype.map.call(form.querySelectorAll("[data-show-if]"), (el) => ({
    el: el,
    tree: JSON.parse(el.getAttribute("data-show-if")),
  }));
  return function route() {
    const env = readValues(form, outside);
    routed.forEach((item) => {
      const parentHidden = item.el.parentElement.closest("[hidden]") !== null;
      const show = !parentHidden && truth(item.tree, env);
      item.el.hidden = !show;
      if (!show) {
        item.el.querySelectorAll("input, textarea, select").forEach((input) => {
          if (input.name) {
            env[input.name] = null;
          }
        });
      }
    });
  };
}
