// @ts-check
// Checking and copying what the server sent: the small pieces every part of the
// session state uses (see ../session-state.js).

/** @typedef {import('../session-state.js').Person} Person */
/** @typedef {import('../session-state.js').Named} Named */

/** @param {unknown} v @returns {v is number} */
export function isInt(v) {
  return typeof v === 'number' && Number.isInteger(v);
}

/** @param {unknown} v @returns {v is string} */
export function isText(v) {
  return typeof v === 'string';
}

/** @param {unknown} v @returns {v is Record<string, any>} */
export function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {any} v @returns {Person|null} */
export function copyPerson(v) {
  if (!isObject(v) || !isInt(v.id)) return null;
  return { id: v.id, name: isText(v.name) ? v.name : '', role: isText(v.role) ? v.role : '' };
}

/** @param {any} v @returns {Named} */
export function copyNamed(v) {
  return { id: isInt(v?.id) ? v.id : 0, name: isText(v?.name) ? v.name : '' };
}
