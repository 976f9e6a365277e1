// @ts-check
// Join codes: the six characters people type to join a session (PROTOCOL.md,
// "Overview"). People see them as "K7M-4QX"; they may type them in lowercase, with a
// dash or with spaces. Pure: no DOM, importable from Node.

/** The characters a join code is made of (no 0, 1, I, L, O: easy to read aloud). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;

/**
 * Turns what a person typed into the canonical code ("k7m-4qx" → "K7M4QX").
 * @param {string} input
 * @returns {string|null} the code, or null if it is not a well-formed join code
 */
export function normalizeCode(input) {
  if (typeof input !== 'string') return null;
  const cleaned = input.replace(/[\s-]/g, '').toUpperCase();
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const ch of cleaned) {
    if (!CODE_ALPHABET.includes(ch)) return null;
  }
  return cleaned;
}

/**
 * The way people see a code: "K7M4QX" → "K7M-4QX". Anything else is returned as it is.
 * @param {string} code
 * @returns {string}
 */
export function displayCode(code) {
  if (typeof code !== 'string' || code.length !== CODE_LENGTH) return String(code);
  return code.slice(0, 3) + '-' + code.slice(3);
}
