/* Typed values kept in the browser until they are saved: a lost session, a lost CSRF cookie or a closed tab
 * loses nothing. One entry per user, response and section (data-draft-key); it holds only the inputs that
 * differ from the last saved state, with the page's _version and _base, so putting them back later is the
 * same save the page would have made (a colleague's change since is still a conflict, never overwritten).
 * Logging out removes every entry (static/js/logout.js). */

export const PREFIX = "kostra-draft:";

function storage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null; // storage disabled: the page works, only without this safety net
  }
}

export function keep(key, form, texts, names) {
  const store = storage();
  if (!store || !key) {
    return;
  }
  if (!names.length) {
    store.removeItem(PREFIX + key);
    return;
  }
  const values = {};
  names.forEach((name) => {
    values[name] = texts[name];
  });
  const entry = {
    at: Date.now(),
    version: form.elements._version.value,
    base: form.elements._base.value,
    values: values,
  };
  try {
    store.setItem(PREFIX + key, JSON.stringify(entry));
  } catch (e) {
    // quota: nothing to do but go on without the copy
  }
}

export function read(key) {
  const store = storage();
  if (!store || !key) {
    return null;
  }
  try {
    const entry = JSON.parse(store.getItem(PREFIX + key) || "null");
    return entry && entry.values ? entry : null;
  } catch (e) {
    return null;
  }
}

export function forget(key) {
  const store = storage();
  if (store && key) {
    store.removeItem(PREFIX + key);
  }
}

export function forgetAll() {
  const store = storage();
  if (!store) {
    return;
  }
  const keys = [];
  for (let i = 0; i < store.length; i++) {
    if (store.key(i).indexOf(PREFIX) === 0) {
      keys.push(store.key(i));
    }
  }
  keys.forEach((k) => store.removeItem(k));
}
