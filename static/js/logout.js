/* Logging out removes the typed values this browser kept for unsaved form pages (static/js/form/draft.js). */

import { forgetAll } from "./form/draft.js";

document.querySelectorAll("form[data-logout]").forEach((form) => {
  form.addEventListener("submit", () => forgetAll());
});
