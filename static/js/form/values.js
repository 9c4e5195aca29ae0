/* The page's answers: decoded for the conditions as surveys/questionnaire/values.py does, and as posted texts
 * for comparing one state of the page with another (what is unsaved). */

const SPACES = /[\s\u00a0\u202f]/g;

export function numberOf(text) {
  const t = text.replace(SPACES, "").replace(",", ".");
  return /^-?[0-9]+(\.[0-9]+)?$/.test(t) ? Number(t) : null;
}

export function isAnswer(el) {
  const name = el.name;
  return Boolean(name) && name.charAt(0) !== "_" && name !== "csrfmiddlewaretoken" && el.type !== "submit";
}

/** Current answers: blank is null, a multi-choice a list; `outside` holds other sections' values. */
export function readValues(form, outside) {
  const env = Object.assign({}, outside);
  const lists = {};
  const radios = {};
  Array.prototype.forEach.call(form.elements, (el) => {
    if (!isAnswer(el)) {
      return;
    }
    const name = el.name;
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
      const text = el.value.trim();
      const numeric = el.inputMode === "numeric" || el.inputMode === "decimal";
      env[name] = text === "" ? null : numeric ? numberOf(text) : text;
    }
  });
  Object.keys(lists).forEach((name) => {
    env[name] = lists[name].length ? lists[name] : null;
  });
  return env;
}

/** name -> what the page would post for it ("" for nothing), over every answer input of the form. */
export function postedTexts(form) {
  const out = {};
  Array.prototype.forEach.call(form.elements, (el) => {
    if (!isAnswer(el) || el.disabled) {
      return;
    }
    if (!(el.name in out)) {
      out[el.name] = [];
    }
    if ((el.type !== "checkbox" && el.type !== "radio") || el.checked) {
      out[el.name].push(el.value);
    }
  });
  Object.keys(out).forEach((name) => {
    out[name] = out[name].join("\u0000");
  });
  return out;
}

/** The names whose texts differ between two postedTexts() results. */
export function changedNames(before, now) {
  return Object.keys(now).filter((name) => (before[name] || "") !== now[name]);
}

/** Put a value into the inputs of `name`: a list or true for boxes, a value for radios, text otherwise. */
export function setInput(form, name, wanted) {
  form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach((el) => {
    if (el.type === "checkbox") {
      el.checked = Array.isArray(wanted) ? wanted.indexOf(el.value) >= 0 : wanted === true;
    } else if (el.type === "radio") {
      el.checked = el.value === wanted;
    } else {
      el.value = wanted;
    }
  });
}

/** Put a text of postedTexts() back into the inputs of `name`. */
export function setPosted(form, name, text) {
  const values = text === "" ? [] : text.split("\u0000");
  form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach((el) => {
    if (el.type === "checkbox" || el.type === "radio") {
      el.checked = values.indexOf(el.value) >= 0;
    } else {
      el.value = values.length ? values[0] : "";
    }
  });
}
