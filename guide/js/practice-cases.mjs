// Practice mode's cases in the address: which case a link opens (#case=<scenario-id>), in which
// order (&order=mixed: the fixed shuffle the build wrote into data-mixed), and the address of a case.
// Pure functions of the address and the list; practice.mjs shows what they point to.
// Unit tests: tests/js/practice-cases.test.mjs.

/** @typedef {{id: string, title: string, situation: string, fragment: string}} PracticeCase */

const MIXED = /(?:^#|&)order=mixed(?:&|$)/;

/**
 * The index of the case an address names, or -1.
 * @param {string} hash
 * @param {PracticeCase[]} cases
 */
export function caseInAddress(hash, cases) {
  const match = /(?:^#|&)case=([^&]*)/.exec(hash);
  let id = "";
  try {
    id = match ? decodeURIComponent(match[1]) : "";
  } catch {
    return -1; // a mangled escape names no case
  }
  return cases.findIndex((item) => item.id === id);
}

/**
 * The cases in the mixed order: the IDs of data-mixed, each once, known ones only.
 * @param {PracticeCase[]} listed
 * @param {string} ids space-separated
 */
export function mixedOrder(listed, ids) {
  const byId = new Map(listed.map((item) => [item.id, item]));
  return ids
    .split(" ")
    .filter((id) => byId.has(id))
    .map((id) => /** @type {PracticeCase} */ (byId.get(id)));
}

/**
 * Whether an address asks for the mixed order; only a complete mixed order can be followed.
 * @param {string} hash
 * @param {PracticeCase[]} listed
 * @param {PracticeCase[]} mixed
 */
export function mixedInAddress(hash, listed, mixed) {
  return MIXED.test(hash) && mixed.length === listed.length;
}

/**
 * The address of a case, in the order shown.
 * @param {PracticeCase} item
 * @param {boolean} mixed
 */
export function caseAddress(item, mixed) {
  return `#case=${encodeURIComponent(item.id)}${mixed ? "&order=mixed" : ""}`;
}
