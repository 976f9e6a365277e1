// @ts-check
// A QR code of a link, drawn as an SVG (one path of dark squares, with the quiet zone
// the standard asks for), for the join link on the big screen and in "show the code".
// Made by qr.js: no image, no external library.

import { h, svg } from '../dom.js';
import { encodeQr } from '../qr.js';

/** Light modules around the code, as the standard asks. */
const QUIET_ZONE = 4;

/**
 * @param {string} text
 * @param {string} label what a screen reader says
 * @returns {Element} an SVG, or an empty span if the text is too long for a QR code
 */
export function qrElement(text, label) {
  const qr = encodeQr(text);
  if (!qr) return h('span', { class: 'qr qr--none' });
  const parts = [];
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) if (qr.modules[r][c]) parts.push('M' + (c + QUIET_ZONE) + ' ' + (r + QUIET_ZONE) + 'h1v1h-1z');
  }
  const side = qr.size + 2 * QUIET_ZONE;
  return h('span', { class: 'qr', attrs: { 'data-testid': 'qr', 'data-version': qr.version } },
    svg('svg', { viewBox: '0 0 ' + side + ' ' + side, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges' },
      svg('title', {}, label),
      svg('rect', { width: side, height: side, fill: '#fff' }),
      svg('path', { d: parts.join(''), fill: '#000' })));
}
