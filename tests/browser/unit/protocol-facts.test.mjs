// The protocol's message types and permission table have one source,
// protocol/messages.json: the server's permission table is generated from it (and a
// ctest holds the encoder and the parser to its lists), and the web client imports it.
// These tests hold the rest to it: PROTOCOL.md's Commands, Events, Requests and
// Permissions tables, the client's event handlers and the messages it sends.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_TYPES, ROLES } from '../../../web-client/js/permissions.js';
import { EVENT_TYPES } from '../../../web-client/js/session-state.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const facts = JSON.parse(readFileSync(path.join(ROOT, 'protocol/messages.json'), 'utf8'));
const protocolMd = readFileSync(path.join(ROOT, 'protocol/PROTOCOL.md'), 'utf8');

/** The text of PROTOCOL.md from one `## heading` to the next. @param {string} heading */
function section(heading) {
  const start = protocolMd.indexOf('\n## ' + heading + '\n');
  assert.ok(start >= 0, 'PROTOCOL.md has a section ' + heading);
  const end = protocolMd.indexOf('\n## ', start + 1);
  return protocolMd.slice(start, end < 0 ? undefined : end);
}

/** The rows of every Markdown table in a text, as arrays of trimmed cells (no header, no rule). @param {string} text */
function tableRows(text) {
  /** @type {string[][]} */
  const rows = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|')) continue;
    if (lines[i + 1]?.startsWith('| ---')) { i++; continue; }  // a header and its rule
    rows.push(lines[i].split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** The message types a cell names: `idea.edit`, `idea.move`, `idea.delete`. @param {string} cell */
function typesIn(cell) {
  return [...cell.matchAll(/`([a-z_.]+)`/g)].map((m) => m[1]);
}

/** @param {Iterable<string>} a @param {Iterable<string>} b @param {string} what */
function sameSet(a, b, what) {
  assert.deepEqual([...new Set(a)].sort(), [...new Set(b)].sort(), what);
}

/** Every .js file of the web client, with its text. */
function clientSources() {
  /** @type {Map<string, string>} */
  const out = new Map();
  const walk = (/** @type {string} */ dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js')) out.set(path.relative(ROOT, full), readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'web-client/js'));
  return out;
}

const commandTypes = facts.commands.map((/** @type {{type: string}} */ c) => c.type);

describe('protocol/messages.json, the one source of the message types', () => {
  test('the file is consistent: unique types, known roles and phase sets', () => {
    // A command and its event may share a name (votes.reset); within a list each is once.
    for (const list of [commandTypes, facts.requests, facts.events, facts.replies, [...facts.requests, ...commandTypes], [...facts.events, ...facts.replies]]) {
      assert.equal(new Set(list).size, list.length, 'every type is named once: ' + list.join(' '));
    }
    for (const c of facts.commands) {
      for (const role of [...c.anyone, ...(c.own ?? [])]) assert.ok(facts.roles.includes(role), c.type + ': role ' + role);
      for (const set of [c.phases, c.own_phases].filter((s) => s !== undefined)) {
        assert.ok(Object.hasOwn(facts.phase_sets, set), c.type + ': phase set ' + set);
      }
      assert.equal(c.own === undefined, c.own_phases === undefined, c.type + ': own and own_phases go together');
      assert.equal(typeof c.audited, 'boolean', c.type + ': audited');
      for (const key of Object.keys(c)) assert.ok(Object.hasOwn(facts.command_fields, key), c.type + ': field ' + key);
    }
    for (const set of Object.keys(facts.phase_sets)) {
      assert.ok(set === 'all' || set === 'writing' || facts.phases.includes(set), 'phase set ' + set);
    }
  });

  test("PROTOCOL.md's Commands tables list exactly the file's commands", () => {
    const listed = tableRows(section('Commands')).flatMap((row) => typesIn(row[0]));
    assert.equal(listed.length, new Set(listed).size, 'no command is listed twice');
    sameSet(listed, commandTypes, 'Commands');
  });

  test("PROTOCOL.md's Events table lists exactly the file's events", () => {
    const events = section('Events');
    const table = events.slice(0, events.indexOf('\n### '));  // before `ack` and `error`
    sameSet(tableRows(table).flatMap((row) => typesIn(row[0])), facts.events, 'Events');
  });

  test("PROTOCOL.md's Requests table and Joining section hold the file's requests, and it describes every reply", () => {
    sameSet(['join', ...tableRows(section('Requests')).flatMap((row) => typesIn(row[0]))], facts.requests, 'Requests');
    assert.match(section('Joining'), /"type": "join"/);
    for (const reply of facts.replies) {
      const described = protocolMd.includes('### `' + reply + '`') || protocolMd.includes('"type": "' + reply + '"');
      assert.ok(described, 'PROTOCOL.md describes the reply ' + reply + ' (a heading or an example)');
    }
  });

  test("PROTOCOL.md's Permissions table is the file's", () => {
    const letters = /** @type {Record<string, string>} */ ({ F: 'facilitator', C: 'co_facilitator', M: 'manager', S: 'staff', Z: 'citizen', O: 'observer' });
    const roles = (/** @type {string} */ cell) => cell.replace(/\(.*\)/, '').trim().split(/\s+/).filter(Boolean).map((l) => {
      assert.ok(letters[l], 'a role letter: ' + l);
      return letters[l];
    }).sort();
    /** @type {Map<string, {anyone: string[], phases: string, own: string[], own_phases: string}>} */
    const table = new Map();
    /** @type {{anyone: string[], phases: string, own: string[], own_phases: string}|null} */
    let others = null;
    for (const [cell, anyone, phases, own, ownPhases] of tableRows(section('Permissions'))) {
      const row = { anyone: roles(anyone), phases, own: roles(own), own_phases: ownPhases };
      if (cell === 'every other command') others = row;
      for (const type of typesIn(cell)) {
        assert.ok(!table.has(type), type + ' is in the table once');
        table.set(type, row);
      }
    }
    assert.ok(others, 'the table has a row for every other command');
    for (const c of facts.commands) {
      const row = table.get(c.type) ?? others;
      // When nobody may send it about anything, its phases say nothing (the table leaves the cell empty).
      const phases = c.anyone.length ? c.phases : row.phases;
      assert.deepEqual(row, { anyone: [...c.anyone].sort(), phases, own: [...(c.own ?? [])].sort(), own_phases: c.own_phases ?? '' }, c.type);
    }
    for (const type of table.keys()) assert.ok(commandTypes.includes(type), 'the table names a command of the file: ' + type);
    const text = section('Permissions').replace(/\s+/g, ' ');
    const exempt = facts.commands.filter((/** @type {{lock_exempt?: boolean}} */ c) => c.lock_exempt).map((/** @type {{type: string}} */ c) => c.type);
    const locked = /every command but (.*?) from someone other than the facilitators/.exec(text);
    assert.ok(locked, 'PROTOCOL.md says which commands a locked board still takes');
    sameSet(typesIn(locked[1]), exempt, 'lock_exempt');
    const afterClose = facts.commands.filter((/** @type {{after_close?: boolean}} */ c) => c.after_close).map((/** @type {{type: string}} */ c) => c.type);
    const closed = /In a closed session every command gets `session_closed` but (.*?) \(`after_close`/.exec(text);
    assert.ok(closed, 'PROTOCOL.md says which commands a closed session still takes');
    sameSet(typesIn(closed[1]), afterClose, 'after_close');
    assert.match(closed[1], /`decision\.record` on a trial action$/, 'decisions after the close: on trial actions only');
  });
});

describe('the web client follows protocol/messages.json', () => {
  const sources = clientSources();

  test('its permission table is the file (commands and roles, in order)', () => {
    assert.deepEqual([...COMMAND_TYPES], commandTypes);
    assert.deepEqual([...ROLES], facts.roles);
  });

  test('it applies exactly the events of the protocol', () => {
    sameSet(EVENT_TYPES, facts.events, 'session-state.js handles each event');
  });

  test('it handles every other server message', () => {
    const connection = sources.get('web-client/js/connection.js') + '\n' + sources.get('web-client/js/state/roster.js');
    for (const reply of facts.replies) assert.ok(connection.includes("'" + reply + "'"), 'connection.js handles ' + reply);
  });

  test('it sends only messages of the protocol, and has a control for every command', () => {
    /** @type {Set<string>} */
    const sent = new Set();
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/\btype: '([a-z_]+(?:\.[a-z_]+)?)'/g)) {
        if (['button', 'submit', 'text', 'checkbox', 'number', 'json', 'date', 'radio', 'range', 'file'].includes(m[1])) continue;
        assert.ok(commandTypes.includes(m[1]) || facts.requests.includes(m[1]), file + ' sends ' + m[1]);
        sent.add(m[1]);
      }
    }
    for (const type of commandTypes) assert.ok(sent.has(type), 'the client sends ' + type);
  });
});
