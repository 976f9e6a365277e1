// @ts-check
// The interface language: Danish, Norwegian Bokmål or English. The language comes from
// the person's own choice (remembered on the device), else from the browser's
// preferred languages (da → Danish; nb, no, nn → Bokmål), else English. Views read
// texts with t() and re-render when the language changes (onLanguageChange).
//
// The pure parts (chooseLanguage, translate, errorText) take everything they need as
// arguments, so Node's test runner can check them.

import { STRINGS } from './strings.js';

/** @typedef {import('./strings.js').Lang} Lang */

/** The languages offered, with their names in their own language. */
export const LANGUAGES = Object.freeze([
  { code: /** @type {Lang} */ ('da'), label: 'Dansk' },
  { code: /** @type {Lang} */ ('nb'), label: 'Norsk' },
  { code: /** @type {Lang} */ ('en'), label: 'English' },
]);

const STORAGE_KEY = 'samskab:lang';

/**
 * @param {unknown} code
 * @returns {code is Lang}
 */
export function isLang(code) {
  return code === 'da' || code === 'nb' || code === 'en';
}

/**
 * The language to use.
 * @param {readonly string[]} preferred the browser's languages, most wanted first
 * @param {string|null} stored the person's earlier choice, if any
 * @returns {Lang}
 */
export function chooseLanguage(preferred, stored) {
  if (isLang(stored)) return stored;
  for (const tag of preferred || []) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (primary === 'da') return 'da';
    if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/**
 * A text in a language, with `{name}` placeholders filled from params. Falls back to
 * English, then to the key itself, so a missing text shows up instead of breaking.
 * @param {Lang} lang
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 * @returns {string}
 */
export function translate(lang, key, params) {
  const template = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole);
}

/** @typedef {{code?: string, limit?: number, field?: string, retry_after?: number}} ErrorLike */

/**
 * A short human message for an error from the server (or the client's own 'network'
 * and 'tooMany'), in a language. Two refusals say more than their code: being too
 * fast (`rate_limited`) says when the person can carry on (`retry_after`), and the
 * idea quota (`limit_reached` on `idea_quota`) says how many ideas the facilitator
 * allows each person in this phase.
 * @param {Lang} lang
 * @param {ErrorLike|null|undefined} error
 * @returns {string}
 */
export function errorText(lang, error) {
  const code = error && typeof error.code === 'string' ? error.code : 'internal_error';
  if (code === 'rate_limited' && typeof error?.retry_after === 'number' && Number.isFinite(error.retry_after)) {
    const n = Math.max(1, Math.ceil(error.retry_after));
    return translate(lang, n === 1 ? 'refusal.wait.one' : 'refusal.wait.other', { n });
  }
  if (code === 'limit_reached' && error?.field === 'idea_quota' && typeof error.limit === 'number') {
    return translate(lang, error.limit === 1 ? 'refusal.ideaQuota.one' : 'refusal.ideaQuota.other', { n: error.limit });
  }
  const key = 'error.' + code;
  if (!(key in STRINGS.en)) return translate(lang, 'error.unknown', { code });
  const limit = error && typeof error.limit === 'number' ? error.limit : '?';
  return translate(lang, key, { limit });
}

/** @type {Lang} */
let current = 'en';
/** @type {Set<(lang: Lang) => void>} */
const listeners = new Set();

/**
 * Picks the language at start-up from local storage and the browser.
 * @returns {Lang}
 */
export function initLanguage() {
  let stored = null;
  try {
    stored = globalThis.localStorage ? globalThis.localStorage.getItem(STORAGE_KEY) : null;
  } catch {
    stored = null; // storage may be blocked (private mode); the browser's languages still work
  }
  const nav = globalThis.navigator;
  const preferred = nav ? (nav.languages && nav.languages.length ? nav.languages : [nav.language]) : [];
  applyLanguage(chooseLanguage(preferred, stored));
  return current;
}

/** @returns {Lang} */
export function getLanguage() {
  return current;
}

/**
 * Switches the language, remembers the choice on this device and tells the views.
 * @param {Lang} lang
 */
export function setLanguage(lang) {
  if (!isLang(lang) || lang === current) return;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits; the switch itself still works.
  }
  applyLanguage(lang);
  for (const fn of [...listeners]) fn(lang);
}

/**
 * @param {(lang: Lang) => void} fn called after every change of language
 * @returns {() => void} stops the calls
 */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * A text in the current language.
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 */
export function t(key, params) {
  return translate(current, key, params);
}

/**
 * An error's message in the current language.
 * @param {ErrorLike|null|undefined} error
 */
export function errorMessage(error) {
  return errorText(current, error);
}

/** @param {Lang} lang */
function applyLanguage(lang) {
  current = lang;
  if (globalThis.document) globalThis.document.documentElement.lang = lang;
}

/** The locale for dates and numbers in each language. */
const LOCALES = { da: 'da-DK', nb: 'nb-NO', en: 'en-GB' };

/**
 * A time from the server ("2026-11-23T13:27:00.123Z") as people read it, in their time zone.
 * @param {string} iso
 * @param {Lang} [lang]
 * @returns {string} '' for a missing or bad time
 */
export function formatDateTime(iso, lang = current) {
  const ms = Date.parse(iso);
  if (!iso || !Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(ms);
}

/**
 * The day of a time from the server ("2026-11-23T13:27:00.123Z"), in the person's time
 * zone: "23. november 2026".
 * @param {string} iso
 * @param {Lang} [lang]
 * @returns {string} '' for a missing or bad time
 */
export function formatDay(iso, lang = current) {
  const ms = Date.parse(iso);
  if (!iso || !Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
}

/**
 * A date of a trial action ("2027-02-01") as people read it.
 * @param {string} ymd
 * @param {Lang} [lang]
 * @returns {string} '' for a missing or bad date
 */
export function formatDate(ymd, lang = current) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd || '')) return '';
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/**
 * A number as people read it in a language: "2,5" in Danish, "1 000" in Norwegian.
 * @param {number} n
 * @param {Lang} [lang]
 * @returns {string}
 */
export function formatNumber(n, lang = current) {
  if (!Number.isFinite(n)) return '';
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 6 }).format(n);
}

/**
 * A duration in whole seconds, split for people: days, hours, minutes and seconds, the
 * two largest that matter ("1 t 05 min", "4 min 10 s", "42 s"); formatDuration gives the words.
 * @param {number} seconds
 * @returns {{unit: 'seconds'|'minutes'|'minutesSeconds'|'hours'|'days', d: number, h: number, m: number, s: number}}
 */
export function durationParts(seconds) {
  const all = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const d = Math.floor(all / 86400);
  const h = Math.floor((all % 86400) / 3600);
  const m = Math.floor((all % 3600) / 60);
  const s = all % 60;
  if (d > 0) return { unit: 'days', d, h, m, s };
  if (h > 0) return { unit: 'hours', d, h, m, s };
  if (m >= 10 || (m > 0 && s === 0)) return { unit: 'minutes', d, h, m, s };
  if (m > 0) return { unit: 'minutesSeconds', d, h, m, s };
  return { unit: 'seconds', d, h, m, s };
}

/**
 * A duration in whole seconds as people read it: "42 sek.", "4 min 10 sek.", "25 min",
 * "1 t 5 min", "2 dage 3 t" (the two largest units that matter: durationParts).
 * @param {number} seconds
 * @param {Lang} [lang]
 * @returns {string}
 */
export function formatDuration(seconds, lang = current) {
  const p = durationParts(seconds);
  if (p.unit === 'days') return translate(lang, p.d === 1 ? 'duration.days.one' : 'duration.days.other', { n: p.d, h: p.h });
  return translate(lang, 'duration.' + p.unit, { h: p.h, m: p.m, s: p.s });
}

/**
 * A role's name for people ("borger", "medarbeider", "manager").
 * @param {string} role
 */
export function roleName(role) {
  return t('role.' + role);
}

/**
 * "1 prik" / "3 prikker" and the like: picks `{key}.one` or `{key}.other`.
 * @param {string} key
 * @param {number} n
 * @param {Record<string, string|number>} [params]
 */
export function plural(key, n, params = {}) {
  return t(key + (n === 1 ? '.one' : '.other'), { n, ...params });
}
