// Unit tests of web-client/js/qr.js, the QR code encoder: Reed-Solomon against the
// standard's worked example and by its syndromes, the format and version information
// against the standard's tables, the function patterns, the version chosen for a
// length, and a read-back of every module in placement order that must give the text
// again (a small decoder written from the standard, without error correction).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeQr, reedSolomon, gfMul, formatBits, versionBits, chooseVersion, codewords, functionPatterns, dataPositions, MASKS, MAX_VERSION, penalty,
} from '../../../web-client/js/qr.js';

describe('Reed-Solomon', () => {
  test('the worked example "HELLO WORLD", version 1-M', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    assert.deepEqual(reedSolomon(data, 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  test('every block of a code is a codeword: its syndromes are zero', () => {
    const alpha = [1];
    for (let i = 1; i < 30; i++) alpha.push(gfMul(alpha[i - 1], 2));
    for (const version of [1, 5, 8, 10]) {
      const data = Array.from({ length: 300 }, (_, i) => (i * 37 + version) & 0xff);
      const { blocks } = codewords(data, version);
      for (const block of blocks) {
        const word = [...block.data, ...block.ec];
        for (let k = 0; k < block.ec.length; k++) {
          let s = 0;
          for (const c of word) s = gfMul(s, alpha[k]) ^ c;
          assert.equal(s, 0, 'version ' + version + ' syndrome ' + k);
        }
      }
    }
  });
});

describe('format and version information', () => {
  const formatM = ['101010000010010', '101000100100101', '101111001111100', '101101101001011',
    '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
  formatM.forEach((bits, mask) => {
    test('level M, mask ' + mask, () => assert.equal(formatBits(mask).toString(2).padStart(15, '0'), bits));
  });

  const versions = [[7, 0x07c94], [8, 0x085bc], [9, 0x09a99], [10, 0x0a4d3]];
  for (const [version, bits] of versions) {
    test('version ' + version, () => assert.equal(versionBits(version), bits));
  }
});

describe('layout', () => {
  test('finders, timing, alignment and the dark module', () => {
    const { size, dark, fixed } = functionPatterns(7);
    assert.equal(size, 45);
    const finder = ['1111111', '1000001', '1011101', '1011101', '1011101', '1000001', '1111111'];
    for (const [r0, c0] of [[0, 0], [0, size - 7], [size - 7, 0]]) {
      finder.forEach((row, r) => assert.equal(dark[r0 + r].slice(c0, c0 + 7).map(Number).join(''), row));
    }
    for (let i = 8; i < size - 8; i++) {
      assert.equal(dark[6][i], i % 2 === 0);
      assert.equal(dark[i][6], i % 2 === 0);
    }
    assert.equal(dark[size - 8][8], true, 'the dark module');
    // The alignment pattern on the timing line (version 7: centres 6, 22, 38).
    assert.equal(dark[22][22], true);
    assert.equal(dark[21][22], false);
    assert.equal(dark[20][22], true);
    assert.equal(fixed[6][22] && fixed[4][22] && dark[4][22], true);
  });

  test('data modules are exactly the ones left, each once', () => {
    for (let v = 1; v <= MAX_VERSION; v++) {
      const { size, fixed } = functionPatterns(v);
      const positions = dataPositions(fixed);
      const free = fixed.flat().filter((f) => !f).length;
      assert.equal(positions.length, free);
      assert.equal(new Set(positions.map(([r, c]) => r * size + c)).size, free);
      const { codewords: all } = codewords(new Array(1000).fill(0), v);
      assert.ok(positions.length >= all.length * 8 && positions.length - all.length * 8 < 8, 'version ' + v + ': remainder bits');
    }
  });
});

describe('versions', () => {
  const cases = [[0, 1], [14, 1], [15, 2], [26, 2], [42, 3], [62, 4], [84, 5], [213, 10], [214, 0]];
  for (const [bytes, version] of cases) {
    test(bytes + ' bytes → version ' + version, () => assert.equal(chooseVersion(bytes), version));
  }

  test('too long a text gives null', () => {
    assert.equal(encodeQr('x'.repeat(214)), null);
  });
});

/**
 * Reads a QR code back: format bits, unmasking, de-interleaving, byte mode.
 * @param {{version: number, size: number, modules: boolean[][]}} qr
 */
function readBack(qr) {
  const m = qr.modules;
  // The format bits of the first copy: row 8 (cols 0-5, 7, 8) and column 8 (row 7, rows 5-0).
  const bits = [m[8][0], m[8][1], m[8][2], m[8][3], m[8][4], m[8][5], m[8][7], m[8][8], m[7][8], m[5][8], m[4][8], m[3][8], m[2][8], m[1][8], m[0][8]];
  const format = bits.reduce((n, b) => (n << 1) | (b ? 1 : 0), 0);
  const mask = [0, 1, 2, 3, 4, 5, 6, 7].find((k) => formatBits(k) === format);
  assert.notEqual(mask, undefined, 'format bits are those of level M');
  const positions = dataPositions(functionPatterns(qr.version).fixed);
  const stream = positions.map(([r, c]) => m[r][c] !== MASKS[mask](r, c));
  const bytes = [];
  for (let i = 0; i + 8 <= stream.length; i += 8) bytes.push(stream.slice(i, i + 8).reduce((n, b) => (n << 1) | (b ? 1 : 0), 0));
  // De-interleave: the block layout is the encoder's; compare with its blocks of a known input.
  const layout = codewords(new Array(1000).fill(0), qr.version).blocks.map((b) => b.data.length);
  const blocks = layout.map(() => []);
  let at = 0;
  for (let i = 0; i < Math.max(...layout); i++) layout.forEach((len, b) => { if (i < len) blocks[b].push(bytes[at++]); });
  const data = blocks.flat();
  const bitsOf = data.flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((k) => (b >> k) & 1));
  const take = (/** @type {number} */ n) => bitsOf.splice(0, n).reduce((x, b) => (x << 1) | b, 0);
  assert.equal(take(4), 0b0100, 'byte mode');
  const length = take(qr.version < 10 ? 8 : 16);
  const text = new Uint8Array(length);
  for (let i = 0; i < length; i++) text[i] = take(8);
  return new TextDecoder().decode(text);
}

describe('encodeQr', () => {
  const texts = ['http://127.0.0.1:8080/join/K7M4QX', 'A', 'https://samskab.dragoer.dk/join/K7M4QX',
    'Velfærd med færre hænder – prøvehandlinger', 'x'.repeat(120), 'y'.repeat(213)];
  for (const text of texts) {
    test('reads back: ' + JSON.stringify(text.slice(0, 30)) + ' (' + text.length + ')', () => {
      const qr = encodeQr(text);
      assert.equal(qr.size, 17 + 4 * qr.version);
      assert.equal(readBack(qr), text);
    });
  }

  test('every mask reads back, and the chosen one has the lowest penalty', () => {
    const text = 'http://10.0.0.5:8080/join/K7M4QX';
    const scores = [];
    for (let mask = 0; mask < 8; mask++) {
      const qr = encodeQr(text, { mask });
      assert.equal(qr.mask, mask);
      assert.equal(readBack(qr), text);
      scores.push(penalty(qr.modules));
    }
    assert.equal(penalty(encodeQr(text).modules), Math.min(...scores));
  });
});
