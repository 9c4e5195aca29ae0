/* Questionnaire pages: show and hide questions as answers change, the live per-inhabitant hint, and saving
 * without leaving the page.
 *
 * The conditions come from the definition file as JSON trees in data-show-if (see surveys/forms/routing.py)
 * and are evaluated here as surveys/questionnaire/conditions.py does on the server. The server stays the
 * truth: it recomputes what is shown on every save, and the page works without this script. Hidden inputs
 * are still posted, so answers to hidden questions are kept.
 */
(function () {
  "use strict";

  var form = document.getElementById("section-form");
  if (!form) {
    return;
  }
  var outside = {};
  var context = document.getElementById("form-context");
  if (context) {
    try {
      outside = JSON.parse(context.textContent) || {};
    } catch (e) {
      outside = {};
    }
  }
  var SPACES = /[\s\u00a0\u202f]/g;

  function numberOf(text) {
    var t = text.replace(SPACES, "").replace(",", ".");
    return /^-?[0-9]+(\.[0-9]+)?$/.test(t) ? Number(t) : null;
  }

  /* Current answers, decoded like surveys/questionnaire/values.py: blank is null, multi-choice a list. */
  function readValues() {
    var env = Object.assign({}, outside);
    var lists = {};
    var radios = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      var name = el.name;
      if (!name || name.charAt(0) === "_" || name === "csrfmiddlewaretoken" || el.type === "submit") {
        return;
      }
      if (el.type === "radio") {
        if (!radios[name]) {
          radios[name] = true;
          env[name] = null;
        }
        if (el.checked) {
          env[name] = el.value;
        }
      } else if (el.type === "checkbox" && el.closest(".type-multi_choice")) {
        lists[name] = lists[name] || [];
        if (el.checked) {
          lists[name].push(el.value);
        }
      } else if (el.type === "checkbox") {
        env[name] = el.checked;
      } else {
        var value = el.value.trim();
        var numeric = el.inputMode === "numeric" || el.inputMode === "decimal";
        env[name] = value === "" ? null : numeric ? numberOf(value) : value;
      }
    });
    Object.keys(lists).forEach(function (name) {
      env[name] = lists[name].length ? lists[name] : null;
    });
    return env;
  }

  function contains(container, item) {
    if (Array.isArray(container)) {
      return container.indexOf(item) >= 0;
    }
    return typeof container === "string" && typeof item === "string" && container.indexOf(item) >= 0;
  }

  function compare(op, left, right) {
    if (op === "in" || op === "not in") {
      var inside = right !== null && left !== null && contains(right, left);
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
    var i;
    switch (node[0]) {
      case "var":
        return env[node[1]] === undefined ? null : env[node[1]];
      case "const":
        return node[1];
      case "list":
        return node.slice(1).map(function (n) { return value(n, env); });
      case "and":
        return node.slice(1).every(function (n) { return truth(n, env); });
      case "or":
        return node.slice(1).some(function (n) { return truth(n, env); });
      case "not":
        return !truth(node[1], env);
      case "cmp":
        var left = value(node[1], env);
        for (i = 2; i < node.length; i++) {
          var right = value(node[i][1], env);
          if (!compare(node[i][0], left, right)) {
            return false;
          }
          left = right;
        }
        return true;
    }
    return false;
  }

  function truth(node, env) {
    var v = value(node, env);
    return Array.isArray(v) ? v.length > 0 : Boolean(v);
  }

  var routed = Array.prototype.map.call(form.querySelectorAll("[data-show-if]"), function (el) {
    return { el: el, tree: JSON.parse(el.getAttribute("data-show-if")) };
  });

  /* Document order is definition order, and a condition reads only earlier questions: one pass suffices.
   * The answers inside a hidden element count as blank for the conditions after it, as on the server. */
  function route() {
    var env = readValues();
    routed.forEach(function (item) {
      var parentHidden = item.el.parentElement.closest("[hidden]") !== null;
      var show = !parentHidden && truth(item.tree, env);
      item.el.hidden = !show;
      if (!show) {
        item.el.querySelectorAll("input, textarea, select").forEach(function (input) {
          if (input.name) {
            env[input.name] = null;
          }
        });
      }
    });
  }

  function formatKr(amount) {
    /* Whole kroner grouped by thin spaces, as the server writes them (kostra/formats) in every language. */
    var rounded = Math.round(amount);
    return (rounded < 0 ? "-" : "") + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  function updateAmount(input) {
    var wrapper = input.closest(".question");
    var hint = wrapper.querySelector("[data-amount-hint]");
    var warning = wrapper.querySelector("[data-amount-warning]");
    if (!hint || !warning) {
      return;
    }
    var population = Number(input.getAttribute("data-population"));
    var text = input.value.replace(SPACES, "");
    if (!/^-?[0-9]+$/.test(text) || !population) {
      hint.textContent = "";
      warning.textContent = "";
      return;
    }
    var perInhabitant = (Number(text) * 1000) / population;
    hint.textContent = form.getAttribute("data-hint").replace("%(kr)s", formatKr(perInhabitant));
    if (perInhabitant > Number(input.getAttribute("data-high"))) {
      warning.textContent = form.getAttribute("data-too-high");
    } else if (perInhabitant > 0 && perInhabitant < Number(input.getAttribute("data-low"))) {
      warning.textContent = form.getAttribute("data-too-low");
    } else {
      warning.textContent = "";
    }
  }

  /* "Lagre" saves without leaving the page: the view answers JSON when asked (surveys/views/form.py), and the
   * page is then made to look as a reload would. Anything else (a conflict, a lost session, no network) falls
   * back to the plain post, whose answer the server renders as usual. "Lagre og gå videre" is always plain. */
  var saveStatus = document.getElementById("save-status");
  var plainPost = false;

  function sentOf(data, name) {
    return data.getAll(name).join("\u0000");
  }

  function setInput(name, wanted) {
    Array.prototype.forEach.call(form.querySelectorAll('[name="' + CSS.escape(name) + '"]'), function (el) {
      if (el.type === "checkbox") {
        el.checked = Array.isArray(wanted) ? wanted.indexOf(el.value) >= 0 : wanted === true;
      } else if (el.type === "radio") {
        el.checked = el.value === wanted;
      } else {
        el.value = wanted;
        if (el.hasAttribute("data-population")) {
          updateAmount(el);
        }
      }
    });
  }

  /* Each question's findings (rendered by the server) into its slot; the inputs point at them or not. */
  function showFindings(found) {
    form.querySelectorAll("[data-findings-for]").forEach(function (slot) {
      var id = slot.getAttribute("data-findings-for");
      var html = found[id] || "";
      var question = document.getElementById("q-" + id);
      slot.innerHTML = html;
      question.classList.toggle("has-findings", html !== "");
      question.querySelectorAll("input, textarea").forEach(function (input) {
        var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (token) {
          return token && token !== "err-" + id;
        });
        if (html) {
          ids.push("err-" + id);
        }
        if (ids.length) {
          input.setAttribute("aria-describedby", ids.join(" "));
        } else {
          input.removeAttribute("aria-describedby");
        }
      });
    });
  }

  function postPlainly(button) {
    button.disabled = false;
    plainPost = true;
    saveStatus.textContent = "";
    if (form.requestSubmit) {
      form.requestSubmit(button);
    } else {
      button.click();
    }
  }

  function saveInPlace(button) {
    var sent = new FormData(form);
    sent.append(button.name, "");
    button.disabled = true;
    saveStatus.textContent = form.getAttribute("data-saving");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(sent), // form-encoded, as the plain post: cheaper to read than multipart
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (answer) {
        var isJson = (answer.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return answer.ok && isJson && !answer.redirected ? answer.json() : null;
      })
      .then(function (saved) {
        if (!saved || saved.status !== "saved") {
          throw new Error("not saved in place");
        }
        form.elements._version.value = saved.version;
        form.elements._base.value = saved.base;
        var now = new FormData(form);
        Object.keys(saved.inputs).forEach(function (name) {
          if (sentOf(now, name) === sentOf(sent, name)) {
            setInput(name, saved.inputs[name]); // unless the reporter has typed there since
          }
        });
        showFindings(saved.findings);
        document.getElementById("section-summary").innerHTML = saved.summary;
        route();
        saveStatus.textContent = saved.message;
        button.disabled = false;
      })
      .catch(function () {
        postPlainly(button);
      });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (plainPost || !window.fetch || !saveStatus || !button || button.name !== "save") {
      return;
    }
    event.preventDefault();
    saveInPlace(button);
  });
  form.addEventListener("change", route);
  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-population")) {
      updateAmount(event.target);
    }
  });
  route();
})();
