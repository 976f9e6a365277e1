// @ts-check
// A small QR code encoder (ISO/IEC 18004), for the join link on the big screen: byte
// mode, error correction level M (about 15 % of the code may be damaged or covered),
// versions 1 to 10 (up to 213 bytes, far more than a join link needs), and the mask
// with the lowest penalty. No external library: the server's content security policy
// allows nothing from elsewhere, and the projector may be offline.
//
// Pure: text in, a square of booleans (true: dark) out.

/** Versions this encoder makes. */
export const MAX_VERSION = 10;

/**
 * Per version (index 1..10), level M: error correction codewords per block, and the
 * blocks as [count, data codewords per block].
 * @type {Array<{ec: number, blocks: Array<[number, number]>}|null>}
 */
const BLOCKS_M = [null,
  { ec: 10, blocks: [[1, 16]] },
  { ec: 16, blocks: [[1, 28]] },
  { ec: 26, blocks: [[1, 44]] },
  { ec: 18, blocks: [[2, 32]] },
  { ec: 24, blocks: [[2, 43]] },
  { ec: 16, blocks: [[4, 27]] },
  { ec: 18, blocks: [[4, 31]] },
  { ec: 22, blocks: [[2, 38], [2, 39]] },
  { ec: 22, blocks: [[3, 36], [2, 37]] },
  { ec: 26, blocks: [[4, 43], [1, 44]] },
];

/** Centres of the alignment patterns per version. */
const ALIGNMENT = [null, [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];

/** Error correction level M in the format information. */
const LEVEL_M_BITS = 0b00;

// ---- GF(256) and Reed-Solomon --------------------------------------------------------

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
(function fillTables() {
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d; // the field's primitive polynomial x^8 + x^4 + x^3 + x^2 + 1
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
})();

/**
 * @param {number} a
 * @param {number} b
 */
export function gfMul(a, b) {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/**
 * The generator polynomial of degree n, highest term first (its leading 1 left out).
 * @param {number} n
 * @returns {number[]}
 */
function generator(n) {
  let poly = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMul(poly[j], EXP[i]);
    }
    poly = next;
  }
  return poly.slice(1);
}

/**
 * The n error correction codewords of a block of data codewords.
 * @param {number[]} data
 * @param {number} n
 * @returns {number[]}
 */
export function reedSolomon(data, n) {
  const gen = generator(n);
  const rest = new Array(n).fill(0);
  for (const byte of data) {
    const factor = byte ^ /** @type {number} */ (rest.shift());
    rest.push(0);
    for (let i = 0; i < n; i++) rest[i] ^= gfMul(gen[i], factor);
  }
  return rest;
}

// ---- data -----------------------------------------------------------------------------

/**
 * @param {number} version
 * @returns {number} data codewords at level M
 */
function dataCapacity(version) {
  const spec = /** @type {{ec: number, blocks: Array<[number, number]>}} */ (BLOCKS_M[version]);
  return spec.blocks.reduce((n, [count, size]) => n + count * size, 0);
}

/**
 * The smallest version whose level M holds this many bytes in byte mode.
 * @param {number} bytes
 * @returns {number} 0 when none does
 */
export function chooseVersion(bytes) {
  for (let v = 1; v <= MAX_VERSION; v++) {
    const countBits = v < 10 ? 8 : 16;
    if (4 + countBits + 8 * bytes <= 8 * dataCapacity(v)) return v;
  }
  return 0;
}

/**
 * The data codewords: mode, length, the bytes, terminator and padding.
 * @param {Uint8Array} bytes
 * @param {number} version
 * @returns {number[]}
 */
function dataCodewords(bytes, version) {
  const capacity = dataCapacity(version);
  /** @type {number[]} */
  const bits = [];
  const put = (/** @type {number} */ value, /** @type {number} */ length) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4); // byte mode
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const out = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((n, b) => (n << 1) | b, 0));
  for (let pad = 0xec; out.length < capacity; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/**
 * Splits data into blocks, adds error correction, and interleaves them.
 * @param {number[]} data
 * @param {number} version
 * @returns {{codewords: number[], blocks: Array<{data: number[], ec: number[]}>}}
 */
export function codewords(data, version) {
  const spec = /** @type {{ec: number, blocks: Array<[number, number]>}} */ (BLOCKS_M[version]);
  /** @type {Array<{data: number[], ec: number[]}>} */
  const blocks = [];
  let at = 0;
  for (const [count, size] of spec.blocks) {
    for (let i = 0; i < count; i++) {
      const part = data.slice(at, at + size);
      at += size;
      blocks.push({ data: part, ec: reedSolomon(part, spec.ec) });
    }
  }
  const out = [];
  const longest = Math.max(...blocks.map((b) => b.data.length));
  for (let i = 0; i < longest; i++) for (const b of blocks) if (i < b.data.length) out.push(b.data[i]);
  for (let i = 0; i < spec.ec; i++) for (const b of blocks) out.push(b.ec[i]);
  return { codewords: out, blocks };
}

// ---- the matrix ---------------------------------------------------------------------

/**
 * BCH remainder for format and version information.
 * @param {number} value already shifted left by the degree of `poly`
 * @param {number} poly
 */
function bchRemainder(value, poly) {
  const degree = Math.floor(Math.log2(poly));
  let v = value;
  while (v >= 1 << degree) v ^= poly << (Math.floor(Math.log2(v)) - degree);
  return v;
}

/**
 * The 15 format bits for level M and a mask, masked as the standard says.
 * @param {number} mask 0 to 7
 */
export function formatBits(mask) {
  const data = (LEVEL_M_BITS << 3) | mask;
  return ((data << 10) | bchRemainder(data << 10, 0x537)) ^ 0x5412;
}

/**
 * The 18 version bits (versions 7 and up).
 * @param {number} version
 */
export function versionBits(version) {
  return (version << 12) | bchRemainder(version << 12, 0x1f25);
}

/** The eight masks: whether the module at (row, col) is flipped. */
export const MASKS = Object.freeze([
  (/** @type {number} */ r, /** @type {number} */ c) => (r + c) % 2 === 0,
  (/** @type {number} */ r) => r % 2 === 0,
  (/** @type {number} */ _r, /** @type {number} */ c) => c % 3 === 0,
  (/** @type {number} */ r, /** @type {number} */ c) => (r + c) % 3 === 0,
  (/** @type {number} */ r, /** @type {number} */ c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (/** @type {number} */ r, /** @type {number} */ c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (/** @type {number} */ r, /** @type {number} */ c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (/** @type {number} */ r, /** @type {number} */ c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
]);

/**
 * The function patterns of a version: finders, separators, timing, alignment, the dark
 * module, and the reserved format and version areas.
 * @param {number} version
 * @returns {{size: number, dark: boolean[][], fixed: boolean[][]}}
 */
export function functionPatterns(version) {
  const size = 17 + 4 * version;
  const dark = Array.from({ length: size }, () => new Array(size).fill(false));
  const fixed = Array.from({ length: size }, () => new Array(size).fill(false));
  const set = (/** @type {number} */ r, /** @type {number} */ c, /** @type {boolean} */ on) => {
    if (r < 0 || c < 0 || r >= size || c >= size) return;
    dark[r][c] = on;
    fixed[r][c] = true;
  };
  for (const [r0, c0] of [[0, 0], [0, size - 7], [size - 7, 0]]) {
    for (let r = -1; r <= 7; r++) {
      for (let c = -1; c <= 7; c++) {
        const inside = r >= 0 && r <= 6 && c >= 0 && c <= 6;
        const ring = inside && (r === 0 || r === 6 || c === 0 || c === 6);
        const core = r >= 2 && r <= 4 && c >= 2 && c <= 4;
        set(r0 + r, c0 + c, ring || core);
      }
    }
  }
  for (let i = 8; i < size - 8; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  const centres = /** @type {number[]} */ (ALIGNMENT[version]);
  const last = centres.length - 1;
  centres.forEach((r, i) => {
    centres.forEach((c, j) => {
      // The three corners are the finders' places (the timing lines are drawn over).
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    });
  });
  // Format areas (filled in later) and the dark module.
  for (let i = 0; i < 9; i++) {
    if (!fixed[8][i]) set(8, i, false);
    if (!fixed[i][8]) set(i, 8, false);
  }
  for (let i = 0; i < 8; i++) {
    set(8, size - 1 - i, false);
    set(size - 1 - i, 8, false);
  }
  set(size - 8, 8, true);
  if (version >= 7) {
    for (let i = 0; i < 18; i++) {
      set(Math.floor(i / 3), size - 11 + (i % 3), false);
      set(size - 11 + (i % 3), Math.floor(i / 3), false);
    }
  }
  return { size, dark, fixed };
}

/**
 * The modules that hold data, in the order the codeword bits go into them: two
 * columns at a time from the right, up and down in turn, skipping the timing column.
 * @param {boolean[][]} fixed
 * @returns {Array<[number, number]>}
 */
export function dataPositions(fixed) {
  const size = fixed.length;
  /** @type {Array<[number, number]>} */
  const out = [];
  let upward = true;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let i = 0; i < size; i++) {
      const r = upward ? size - 1 - i : i;
      for (const c of [right, right - 1]) if (!fixed[r][c]) out.push([r, c]);
    }
    upward = !upward;
  }
  return out;
}

/**
 * Writes the format bits (both copies) and, from version 7, the version bits.
 * @param {boolean[][]} m
 * @param {number} version
 * @param {number} mask
 */
function drawInformation(m, version, mask) {
  const size = m.length;
  const bits = formatBits(mask);
  const bit = (/** @type {number} */ i) => ((bits >>> i) & 1) === 1;
  // Bit 14 is the most significant. First copy around the top-left finder.
  for (let i = 0; i <= 5; i++) m[8][i] = bit(14 - i);
  m[8][7] = bit(8);
  m[8][8] = bit(7);
  m[7][8] = bit(6);
  for (let i = 9; i <= 14; i++) m[14 - i][8] = bit(14 - i);
  // Second copy: bottom-left (bits 14..8) and top-right (bits 7..0).
  for (let i = 0; i <= 6; i++) m[size - 1 - i][8] = bit(14 - i);
  for (let i = 7; i <= 14; i++) m[8][size - 15 + i] = bit(14 - i);
  if (version >= 7) {
    const v = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const on = ((v >>> i) & 1) === 1;
      m[Math.floor(i / 3)][size - 11 + (i % 3)] = on;
      m[size - 11 + (i % 3)][Math.floor(i / 3)] = on;
    }
  }
}

/**
 * The penalty of a finished matrix (the standard's four rules); lower is better.
 * @param {boolean[][]} m
 */
export function penalty(m) {
  const size = m.length;
  let score = 0;
  const line = (/** @type {(i: number) => boolean} */ at) => {
    let run = 1;
    let s = 0;
    for (let i = 1; i <= size; i++) {
      if (i < size && at(i) === at(i - 1)) run += 1;
      else {
        if (run >= 5) s += 3 + (run - 5);
        run = 1;
      }
    }
    return s;
  };
  const pattern = [true, false, true, true, true, false, true];
  const finderLike = (/** @type {(i: number) => boolean} */ at) => {
    let s = 0;
    for (let i = 0; i + 7 <= size; i++) {
      if (!pattern.every((p, k) => at(i + k) === p)) continue;
      const lightBefore = [1, 2, 3, 4].every((k) => i - k < 0 || !at(i - k));
      const lightAfter = [7, 8, 9, 10].every((k) => i + k >= size || !at(i + k));
      if (lightBefore || lightAfter) s += 40;
    }
    return s;
  };
  for (let r = 0; r < size; r++) {
    score += line((i) => m[r][i]) + finderLike((i) => m[r][i]);
    score += line((i) => m[i][r]) + finderLike((i) => m[i][r]);
  }
  for (let r = 0; r + 1 < size; r++) {
    for (let c = 0; c + 1 < size; c++) {
      const v = m[r][c];
      if (m[r][c + 1] === v && m[r + 1][c] === v && m[r + 1][c + 1] === v) score += 3;
    }
  }
  let darkCount = 0;
  for (const row of m) for (const v of row) if (v) darkCount += 1;
  const percent = (darkCount * 100) / (size * size);
  score += Math.floor(Math.abs(percent - 50) / 5) * 10;
  return score;
}

/**
 * Encodes a text (as UTF-8) into a QR code.
 * @param {string} text
 * @param {{mask?: number}} [opts] a fixed mask (for tests); otherwise the best one
 * @returns {{version: number, mask: number, size: number, modules: boolean[][]}|null} null if the text is too long
 */
export function encodeQr(text, opts = {}) {
  const bytes = new TextEncoder().encode(text);
  const version = chooseVersion(bytes.length);
  if (!version) return null;
  const all = codewords(dataCodewords(bytes, version), version).codewords;
  const { size, dark, fixed } = functionPatterns(version);
  const positions = dataPositions(fixed);
  /** @type {{version: number, mask: number, size: number, modules: boolean[][]}|null} */
  let best = null;
  let bestScore = Infinity;
  const masks = opts.mask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [opts.mask];
  for (const mask of masks) {
    const m = dark.map((row) => row.slice());
    const flip = MASKS[mask];
    positions.forEach(([r, c], i) => {
      // Codeword bits, most significant first; the few modules left over stay light.
      const bit = i < all.length * 8 ? ((all[i >> 3] >>> (7 - (i & 7))) & 1) === 1 : false;
      m[r][c] = bit !== flip(r, c);
    });
    drawInformation(m, version, mask);
    const score = penalty(m);
    if (score < bestScore) {
      bestScore = score;
      best = { version, mask, size, modules: m };
    }
  }
  return best;
}
