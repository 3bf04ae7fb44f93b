// "Say it": which statement comes next. The build fixes the order of the statements within a level
// (the page's index, in the order of say-it.toml) and writes the table from a self-rating to the next
// level (data-next-level); this module only looks both up. No rule of its own lives here.

/** @typedef {{id: string, level: string}} IndexEntry */

/**
 * The statements of the page's index, in its order.
 * @param {Element} root
 * @returns {IndexEntry[]}
 */
export function readIndex(root) {
  return [...root.querySelectorAll(".say-it-index [data-statement]")].map((item) => ({
    id: item.getAttribute("data-statement") || "",
    level: item.getAttribute("data-difficulty") || "",
  }));
}

/**
 * The level the table gives for a level and a rating ("too-easy", "about-right", "too-hard").
 * @param {Record<string, Record<string, string>>} table
 * @param {string} level
 * @param {string} rating
 */
export function nextLevel(table, level, rating) {
  return table[level]?.[rating] ?? level;
}

/**
 * The statement after the last one seen at a level, from the first again after the last.
 * @param {IndexEntry[]} index
 * @param {string} level
 * @param {string | undefined} lastSeen
 */
export function nextStatement(index, level, lastSeen) {
  const ids = index.filter((entry) => entry.level === level).map((entry) => entry.id);
  return ids[(ids.indexOf(lastSeen ?? "") + 1) % ids.length];
}

/**
 * The statement a fragment names, if the page has it: "#statement=late-again" (a trainer's link) or
 * "#statement-late-again" (the card's own anchor, which the index links to so that it works without
 * JavaScript too).
 * @param {string} hash
 * @param {IndexEntry[]} index
 */
export function statementInHash(hash, index) {
  const named = /^#statement[=-]([a-z0-9-]+)$/.exec(decodeURIComponent(hash));
  return named && index.some((entry) => entry.id === named[1]) ? named[1] : null;
}
