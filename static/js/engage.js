// Progressive enhancement only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so screen reader and keyboard users land on it.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  setUpSimilarIdeas();
});

// While a citizen types the title of a new idea, show the existing ideas most like it,
// each with a one-click "support this idea instead" (the same form the server renders).
function setUpSimilarIdeas() {
  const box = document.querySelector("[data-similar-live]");
  const form = box && box.closest("form");
  const title = form && form.querySelector("input[name=title]");
  const body = form && form.querySelector("textarea[name=body]");
  const csrf = form && form.querySelector("input[name=csrf_token]");
  if (!title || !csrf) return;
  const list = box.querySelector("ul");
  let timer = null;
  let last = "";

  const render = (items) => {
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement("li");
      const heading = document.createElement("h3");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      heading.append(link);
      const meta = document.createElement("p");
      meta.className = "meta";
      const label = item.supports_count === 1 ? box.dataset.supportsOne : box.dataset.supportsMany;
      meta.textContent = label.replace("{num}", String(item.supports_count));
      const support = document.createElement("form");
      support.method = "post";
      support.className = "inline-form";
      support.action = box.dataset.supportUrl.replace("/0/", `/${item.id}/`);
      const token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrf_token";
      token.value = csrf.value;
      const button = document.createElement("button");
      button.type = "submit";
      button.className = "button button-secondary";
      button.textContent = box.dataset.supportLabel;
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = `: ${item.title}`;
      button.append(hidden);
      support.append(token, button);
      li.append(heading, meta, support);
      list.append(li);
    }
    box.hidden = items.length === 0;
  };

  const lookUp = async () => {
    const text = `${title.value} ${body ? body.value.slice(0, 600) : ""}`.trim();
    if (text.length < 8 || text === last) return;
    last = text;
    const url = new URL(box.dataset.url, window.location.origin);
    url.searchParams.set("text", text);
    url.searchParams.set("process", box.dataset.process);
    url.searchParams.set("limit", "5");
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      if (text === last) render(data.items || []);
    } catch (error) {
      // Offline or refused: the "Check for similar ideas" button still works.
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 400);
  };
  title.addEventListener("input", schedule);
  if (body) body.addEventListener("change", schedule);
}
