// The protocol's limits have one source, protocol/limits.json: the server is built from
// it (CMake generates its constants) and serves it, and the web client imports it. These
// tests hold the rest to it: PROTOCOL.md's Limits table states each value, the client's
// named limits are the file's, and no client module writes a limit down by hand again.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS, limit } from '../../../web-client/js/limits.js';
import * as start from '../../../web-client/js/views/start.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const facts = JSON.parse(readFileSync(path.join(ROOT, 'protocol/limits.json'), 'utf8'));
const protocolMd = readFileSync(path.join(ROOT, 'protocol/PROTOCOL.md'), 'utf8');

/** PROTOCOL.md's Limits table: the "limit" cell by the "what" cell. */
function limitsTable() {
  const section = protocolMd.slice(protocolMd.indexOf('\n## Limits'), protocolMd.indexOf('\n## Close codes'));
  /** @type {Map<string, string>} */
  const rows = new Map();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length >= 4 && cells[1] && cells[1] !== 'what' && !cells[1].startsWith('---')) rows.set(cells[1], cells[2]);
  }
  return rows;
}

/** How the table writes a value: 1,000; 64 KiB; 16 MiB; 4 hours. @param {string} name @param {number} value */
function written(name, value) {
  if (name.endsWith('_bytes') && value >= 1024 * 1024) return value / (1024 * 1024) + ' MiB';
  if (name.endsWith('_bytes')) return value / 1024 + ' KiB';
  if (name.endsWith('_seconds')) return value / 3600 + ' hours';
  return value.toLocaleString('en-US');
}

describe('protocol/limits.json, the one source of the limits', () => {
  const table = limitsTable();

  test('PROTOCOL.md states every limit the file names a row for, with the same value', () => {
    assert.ok(table.size > 30, 'the Limits table was found');
    let checked = 0;
    for (const section of ['domain', 'protocol']) {
      for (const [name, entry] of Object.entries(facts[section])) {
        if (!entry.md) continue;
        const cell = table.get(entry.md);
        assert.ok(cell !== undefined, name + ': PROTOCOL.md has no Limits row "' + entry.md + '"');
        assert.ok(cell.includes(written(name, entry.value)),
          name + ' is ' + entry.value + ' in limits.json, but PROTOCOL.md says "' + cell + '"');
        checked += 1;
      }
    }
    assert.ok(checked >= 30, 'the rows compared: ' + checked);
  });

  test('every limit is a whole number with a C++ type', () => {
    for (const section of ['domain', 'protocol']) {
      for (const [name, entry] of Object.entries(facts[section])) {
        assert.ok(Number.isInteger(entry.value) && entry.value >= 0, name);
        assert.ok(entry.type === 'size' || entry.type === 'int', name);
      }
    }
  });

  test('the client takes its limits from the file', () => {
    assert.equal(LIMITS.idea_text_chars, facts.domain.idea_text_chars.value);
    assert.equal(LIMITS.max_message_bytes, facts.protocol.max_message_bytes.value);
    assert.equal(start.TITLE_MAX, facts.domain.session_title_chars.value);
    assert.equal(start.QUESTION_MAX, facts.domain.question_chars.value);
    assert.equal(start.NAME_MAX, facts.domain.display_name_chars.value);
    assert.equal(start.COLUMN_TITLE_MAX, facts.domain.column_title_chars.value);
    assert.equal(start.COLUMNS_MAX, facts.domain.columns_per_session.value);
    assert.equal(start.VOTE_MAX, facts.domain.max_vote_budget.value);
    assert.throws(() => limit('no_such_limit'), /no limit no_such_limit/);
  });

  test('no client module writes a limit down by hand', () => {
    /** @param {string} dir @returns {string[]} */
    const files = (dir) => readdirSync(dir).flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.js') ? [p] : [];
    });
    const handWritten = [];
    for (const file of files(path.join(ROOT, 'web-client/js'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/const ([A-Z_]*_(?:MAX|MIN)) = \d/g)) handWritten.push(path.relative(ROOT, file) + ': ' + m[1]);
    }
    assert.deepEqual(handWritten, [], 'take these from limits.js (protocol/limits.json)');
  });
});
