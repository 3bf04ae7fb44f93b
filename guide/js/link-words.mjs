// A shared link in words, while the engine starts: each key of the link with the labels of its
// values, from the table the build writes into the guide page (guide/sitegen/link_words.py). No
// decision logic: what the link leads to is the engine's to say; unknown parts are left out here
// and named by the engine once it is ready.

/**
 * The table the build writes (sitegen/link_words.py): each key's title, each value's label, "none"'s words.
 * @typedef {{keys: Record<string, string>, values: Record<string, Record<string, string>>, none: string}} LinkTable
 * @typedef {{key: string, title: string, answers: string[]}} LinkEntry
 */

// [{key, title, answers: [label, …]}] for a fragment such as "risk=no&phase=ongoing&signs=dropout".
/**
 * @param {string} fragment
 * @param {LinkTable | null} table
 * @returns {LinkEntry[]}
 */
export function linkWords(fragment, table) {
  /** @type {LinkEntry[]} */
  const entries = [];
  for (const part of fragment.replace(/^#/, "").split("&")) {
    const [rawKey, rawValues = ""] = part.split("=", 2);
    let key, values;
    try {
      key = decodeURIComponent(rawKey).trim();
      values = decodeURIComponent(rawValues)
        .split(",")
        .map((value) => value.trim())
        .filter(Boolean);
    } catch {
      continue; // a mangled escape: the engine will name it
    }
    const known = table?.keys?.[key];
    if (!table || !known || entries.some((entry) => entry.key === key)) continue;
    const labels = values.map((value) => table.values[key]?.[value]).filter(Boolean);
    if (!labels.length && !values.includes("none")) continue;
    entries.push({ key, title: known, answers: labels.length ? labels : [table.none] });
  }
  return entries;
}

// The table the build wrote into the page, or null.
/**
 * @param {Document} doc
 * @returns {LinkTable | null}
 */
export function readTable(doc) {
  const element = doc.getElementById("guide-link-words");
  if (!element) return null;
  try {
    return JSON.parse(element.dataset.words || "");
  } catch {
    return null;
  }
}

// The element shown in place of the first question while a link opens.
/**
 * @param {Document} doc
 * @param {LinkEntry[]} entries
 */
export function linkPreview(doc, entries) {
  /** @type {<K extends keyof HTMLElementTagNameMap>(tag: K, properties: object) => HTMLElementTagNameMap[K]} */
  const make = (tag, properties) => Object.assign(doc.createElement(tag), properties);
  const box = make("div", { className: "guide-link-preview" });
  box.dataset.guideLinkPreview = "";
  box.append(make("p", { className: "guide-link-preview__title", textContent: "Opening the answers in this link" }));
  if (entries.length) {
    box.append(
      make("p", {
        textContent: "The link holds these answers. The recommendation follows as soon as the guide is ready.",
      }),
    );
    const list = make("dl", { className: "guide-answers-summary" });
    for (const entry of entries)
      list.append(make("dt", { textContent: entry.title }), make("dd", { textContent: entry.answers.join(", ") }));
    box.append(list);
  }
  return box;
}
