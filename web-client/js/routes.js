// @ts-check
// The client's addresses: `/` (start page), `/join` and `/join/{code}` (join page),
// `/board/{code}` (the board), and the facilitator's private link
// `/board/{code}#token={token}`. Pure: works on strings, importable from Node.

import { normalizeCode } from './codes.js';

/**
 * @typedef {{name: 'start'} | {name: 'join', code: string, raw: string} |
 *   {name: 'board', code: string|null, raw: string} | {name: 'notFound'}} Route
 * For join, `code` is the normalized code or '' when the address holds none or a
 * malformed one (`raw` keeps what it held, to show it); for board, `code` is null when
 * the address holds a malformed code.
 */

/**
 * @param {string} pathname location.pathname
 * @returns {Route}
 */
export function parseRoute(pathname) {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { name: 'start' };
  let raw = '';
  try {
    raw = parts.length > 1 ? decodeURIComponent(parts[1]) : '';
  } catch {
    raw = parts[1] || '';
  }
  if (parts[0] === 'join' && parts.length <= 2) {
    return { name: 'join', code: normalizeCode(raw) || '', raw };
  }
  if (parts[0] === 'board' && parts.length === 2) {
    return { name: 'board', code: normalizeCode(raw), raw };
  }
  return { name: 'notFound' };
}

/** @param {string} code a normalized join code */
export function joinPath(code) {
  return '/join/' + encodeURIComponent(code);
}

/** @param {string} code a normalized join code */
export function boardPath(code) {
  return '/board/' + encodeURIComponent(code);
}

/**
 * The facilitator's private link.
 * @param {string} origin location.origin
 * @param {string} code
 * @param {string} token
 */
export function facilitatorLink(origin, code, token) {
  const url = new URL(boardPath(code), origin);
  url.hash = 'token=' + encodeURIComponent(token);
  return url.href;
}

/**
 * The token in a `#token=...` fragment, if there is one.
 * @param {string} hash location.hash, with or without the leading '#'
 * @returns {string|null}
 */
export function tokenFromFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text) return null;
  const token = new URLSearchParams(text).get('token');
  return token ? token : null;
}
