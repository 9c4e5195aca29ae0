/* The live "kr per innbygger" hint under an amount in 1000 kr, with EQ-06's limits from the page
 * (data-population, data-high, data-low: surveys/services/entry.py amount_scale). */

const SPACES = /[\s\u00a0\u202f]/g;

/* Whole kroner grouped by thin spaces, as the server writes them (kostra/formats) in every language. */
function formatKr(amount) {
  const rounded = Math.round(amount);
  return (rounded < 0 ? "-" : "") + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
}

export function updateAmount(form, input) {
  const wrapper = input.closest(".question");
  const hint = wrapper && wrapper.querySelector("[data-amount-hint]");
  const warning = wrapper && wrapper.querySelector("[data-amount-warning]");
  if (!hint || !warning) {
    return;
  }
  const population = Number(input.getAttribute("data-population"));
  const text = input.value.replace(SPACES, "");
  if (!/^-?[0-9]+$/.test(text) || !population) {
    hint.textContent = "";
    warning.textContent = "";
    return;
  }
  const perInhabitant = (Number(text) * 1000) / population;
  hint.textContent = form.getAttribute("data-hint").replace("%(kr)s", formatKr(perInhabitant));
  if (perInhabitant > Number(input.getAttribute("data-high"))) {
    warning.textContent = form.getAttribute("data-too-high");
  } else if (perInhabitant > 0 && perInhabitant < Number(input.getAttribute("data-low"))) {
    warning.textContent = form.getAttribute("data-too-low");
  } else {
    warning.textContent = "";
  }
}

export function updateAllAmounts(form) {
  form.querySelectorAll("[data-population]").forEach((input) => updateAmount(form, input));
}
