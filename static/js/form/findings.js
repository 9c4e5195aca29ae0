/* Each question's findings (rendered by the server) into its slot; the inputs point at them or not. */

export function showFindings(form, found) {
  form.querySelectorAll("[data-findings-for]").forEach((slot) => {
    const id = slot.getAttribute("data-findings-for");
    const html = found[id] || "";
    const question = document.getElementById("q-" + id);
    slot.innerHTML = html;
    question.classList.toggle("has-findings", html !== "");
    question.querySelectorAll("input, textarea").forEach((input) => {
      const ids = (input.getAttribute("aria-describedby") || "")
        .split(/\s+/)
        .filter((token) => token && token !== "err-" + id);
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
