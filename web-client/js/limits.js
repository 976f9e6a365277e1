// @ts-check
// The protocol's limits, from their one source: protocol/limits.json, which the server
// is built with and serves at /protocol/limits.json (the same path, relative to this
// module, reaches the file in the repository for the unit tests). PROTOCOL.md's Limits
// table states them for people; a unit test holds the three to each other.

import facts from '../../protocol/limits.json' with { type: 'json' };

/**
 * Each limit by its name in limits.json, such as LIMITS.idea_text_chars.
 * @type {Readonly<Record<string, number>>}
 */
export const LIMITS = Object.freeze(Object.fromEntries(
  [...Object.entries(facts.domain), ...Object.entries(facts.protocol)].map(([name, limit]) => [name, limit.value])));

/**
 * One limit; a name limits.json does not have is a mistake in the client, found at once.
 * @param {string} name
 * @returns {number}
 */
export function limit(name) {
  const value = LIMITS[name];
  if (typeof value !== 'number') throw new Error('protocol/limits.json has no limit ' + name);
  return value;
}
