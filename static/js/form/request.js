/* One save in place: the form posted asking for JSON (surveys/views/form.py answers what the page needs to look
 * as a reload would). The outcome says what the caller must do:
 *   saved       the answer's data applies;
 *   resubmit    nothing saved (a colleague's change, a stale page): post the form plainly for the server's page;
 *   signed-out  the session or the CSRF cookie is gone: nothing saved, the values stay in the browser;
 *   offline     no answer (network, server error): nothing saved, try again later. */

function loginAnswer(answer) {
  return answer.redirected && /\/login\//.test(answer.url);
}

export function postInPlace(form, button) {
  const sent = new FormData(form);
  sent.append(button ? button.name : "save", "");
  return fetch(form.action, {
    method: "POST",
    body: new URLSearchParams(sent), // form-encoded, as the plain post: cheaper to read than multipart
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  }).then(
    (answer) => {
      const isJson = (answer.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (loginAnswer(answer) || answer.status === 403) {
        return { kind: "signed-out" };
      }
      if (answer.status >= 500) {
        // A retryable answer (the database away for a moment) says why; the save is tried again later.
        const said = isJson ? answer.json().catch(() => ({})) : Promise.resolve({});
        return said.then((data) => ({ kind: "offline", message: data.status === "retry" ? data.message : "" }));
      }
      if (!answer.ok || !isJson || answer.redirected) {
        return { kind: "resubmit" };
      }
      return answer.json().then((data) => (data.status === "saved" ? { kind: "saved", data } : { kind: "resubmit" }));
    },
    () => ({ kind: "offline" }),
  );
}
