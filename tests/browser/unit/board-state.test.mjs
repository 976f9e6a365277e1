// Unit tests of web-client/js/board-state.js: snapshots, every event type, acks, and
// the refusal of anything that does not fit the board (gaps, unknown ids, indexes out
// of range), which must leave the board unchanged.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  createBoard, applySnapshot, applyEvent, applyAck, hasSnapshot, ideaPosition, ideasOf, EVENT_TYPES,
} from '../../../web-client/js/board-state.js';

const AT = '2026-11-23T13:30:12.504Z';
const SESSION = { id: 'q0b7cZ1fTRe2n9xY', code: 'K7M4QX', title: 'Ældrepleje', question: 'Hvad ville I prøve?', status: 'open', created_at: AT };

function idea(id, column, index, text = 'idé ' + id, version = 1, author = { id: 2, name: 'Anna' }) {
  return { id, column, index, text, author, version, created_at: AT, updated_at: AT };
}

/** A board at seq 10: column 1 [7, 9], column 2 [8], column 3 []. */
function snapshot() {
  return {
    type: 'snapshot', seq: 10, session: { ...SESSION },
    columns: [{ id: 1, title: 'Idéer', ideas: [7, 9] }, { id: 2, title: 'Til drøftelse', ideas: [8] }, { id: 3, title: 'Klar', ideas: [] }],
    ideas: [idea(7, 1, 0), idea(9, 1, 1, 'ni', 2), idea(8, 2, 0, 'otte', 3, { id: 1, name: 'Mette' })],
  };
}

function loaded() {
  const board = createBoard();
  const result = applySnapshot(board, snapshot());
  assert.deepEqual(result, { ok: true, applied: true });
  return board;
}

/** The board's layout as plain data: [[columnId, title, [ideaIds]]...]. */
function layout(board) {
  return board.columns.map((c) => [c.id, c.title, [...c.ideas]]);
}

function copyOf(board) {
  return { session: structuredClone(board.session), columns: structuredClone(board.columns), ideas: structuredClone([...board.ideas]), seq: board.seq };
}

describe('snapshot', () => {
  test('a new board has no snapshot', () => {
    const board = createBoard();
    assert.equal(hasSnapshot(board), false);
    assert.equal(board.seq, -1);
  });

  test('applies columns in order, ideas and seq', () => {
    const board = loaded();
    assert.equal(hasSnapshot(board), true);
    assert.equal(board.seq, 10);
    assert.deepEqual(layout(board), [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]);
    assert.equal(board.session.title, 'Ældrepleje');
    assert.deepEqual(ideasOf(board, board.columns[0]).map((i) => i.text), ['idé 7', 'ni']);
    assert.deepEqual(ideaPosition(board, 9), { column: board.columns[0], index: 1 });
  });

  test('a later snapshot replaces everything, also at a lower seq', () => {
    const board = loaded();
    const result = applySnapshot(board, {
      type: 'snapshot', seq: 3, session: { ...SESSION, title: 'Ny' },
      columns: [{ id: 5, title: 'Eneste', ideas: [1] }], ideas: [idea(1, 5, 0, 'en')],
    });
    assert.equal(result.ok, true);
    assert.equal(board.seq, 3);
    assert.deepEqual(layout(board), [[5, 'Eneste', [1]]]);
    assert.deepEqual([...board.ideas.keys()], [1]);
    assert.equal(board.session.title, 'Ny');
  });

  test('the board keeps its own copies of the snapshot data', () => {
    const snap = snapshot();
    const board = createBoard();
    applySnapshot(board, snap);
    snap.columns[0].ideas.push(99);
    snap.ideas[0].text = 'changed';
    assert.deepEqual(board.columns[0].ideas, [7, 9]);
    assert.equal(board.ideas.get(7).text, 'idé 7');
  });

  const broken = [
    ['no seq', (s) => { delete s.seq; }],
    ['no columns', (s) => { delete s.columns; }],
    ['a column lists an unknown idea', (s) => { s.columns[2].ideas.push(42); }],
    ['an idea in two columns', (s) => { s.columns[2].ideas.push(7); }],
    ['an idea in no column', (s) => { s.columns[1].ideas = []; }],
    ['an idea twice', (s) => { s.ideas.push(idea(7, 1, 0)); }],
    ['a column twice', (s) => { s.columns.push({ id: 1, title: 'x', ideas: [] }); }],
    ['an idea without author', (s) => { delete s.ideas[0].author; }],
  ];
  for (const [name, breakIt] of broken) {
    test('refuses a snapshot with ' + name + ' and keeps the board', () => {
      const board = loaded();
      const before = copyOf(board);
      const snap = snapshot();
      snap.seq = 20;
      breakIt(snap);
      const result = applySnapshot(board, snap);
      assert.equal(result.ok, false);
      assert.deepEqual(copyOf(board), before);
    });
  }
});

describe('events', () => {
  // Each case: an event at seq 11 applied to the snapshot board, and the layout after it.
  const cases = [
    ['idea.added at the top', { type: 'idea.added', idea: idea(11, 1, 0, 'ny') },
      [[1, 'Idéer', [11, 7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
    ['idea.added at the end', { type: 'idea.added', idea: idea(11, 1, 2, 'ny') },
      [[1, 'Idéer', [7, 9, 11]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
    ['idea.added in an empty column', { type: 'idea.added', idea: idea(11, 3, 0, 'ny') },
      [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', [11]]]],
    ['idea.edited', { type: 'idea.edited', id: 7, text: 'ændret', version: 2 },
      [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
    ['idea.moved to another column', { type: 'idea.moved', id: 7, column: 2, index: 1, version: 2 },
      [[1, 'Idéer', [9]], [2, 'Til drøftelse', [8, 7]], [3, 'Klar', []]]],
    ['idea.moved to the end of its column (index after taking it out)', { type: 'idea.moved', id: 7, column: 1, index: 1, version: 2 },
      [[1, 'Idéer', [9, 7]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
    ['idea.moved to an empty column', { type: 'idea.moved', id: 8, column: 3, index: 0, version: 4 },
      [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', []], [3, 'Klar', [8]]]],
    ['idea.deleted', { type: 'idea.deleted', id: 9 },
      [[1, 'Idéer', [7]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
    ['column.added first', { type: 'column.added', column: { id: 4, title: 'Temaer' }, index: 0 },
      [[4, 'Temaer', []], [1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
    ['column.added last', { type: 'column.added', column: { id: 4, title: 'Temaer' }, index: 3 },
      [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', []], [4, 'Temaer', []]]],
    ['column.renamed', { type: 'column.renamed', id: 2, title: 'Drøftes' },
      [[1, 'Idéer', [7, 9]], [2, 'Drøftes', [8]], [3, 'Klar', []]]],
    ['column.moved to the end', { type: 'column.moved', id: 1, index: 2 },
      [[2, 'Til drøftelse', [8]], [3, 'Klar', []], [1, 'Idéer', [7, 9]]]],
    ['column.moved to the front', { type: 'column.moved', id: 3, index: 0 },
      [[3, 'Klar', []], [1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]]]],
    ['column.deleted', { type: 'column.deleted', id: 3 },
      [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]]]],
    ['session.updated', { type: 'session.updated', title: 'Ny titel', question: 'Nyt spørgsmål?' },
      [[1, 'Idéer', [7, 9]], [2, 'Til drøftelse', [8]], [3, 'Klar', []]]],
  ];
  for (const [name, event, expected] of cases) {
    test(name, () => {
      const board = loaded();
      const result = applyEvent(board, { ...event, seq: 11, at: AT });
      assert.deepEqual(result, { ok: true, applied: true });
      assert.equal(board.seq, 11);
      assert.deepEqual(layout(board), expected);
    });
  }

  test('every event type of the protocol has a case above', () => {
    const covered = new Set(cases.map(([, e]) => e.type));
    assert.deepEqual([...covered].sort(), [...EVENT_TYPES].sort());
    assert.equal(EVENT_TYPES.length, 9);
  });

  test('idea.added keeps the idea and its author', () => {
    const board = loaded();
    applyEvent(board, { type: 'idea.added', idea: idea(11, 2, 0, 'Bordtennis', 1, { id: 5, name: 'Ole' }), seq: 11, at: AT });
    const added = board.ideas.get(11);
    assert.equal(added.text, 'Bordtennis');
    assert.deepEqual(added.author, { id: 5, name: 'Ole' });
    assert.equal(added.column, 2);
    assert.equal(added.version, 1);
  });

  test('idea.edited sets text, version and updated_at', () => {
    const board = loaded();
    applyEvent(board, { type: 'idea.edited', id: 9, text: 'ny tekst', version: 3, seq: 11, at: '2026-11-23T14:00:00.000Z' });
    const edited = board.ideas.get(9);
    assert.equal(edited.text, 'ny tekst');
    assert.equal(edited.version, 3);
    assert.equal(edited.updated_at, '2026-11-23T14:00:00.000Z');
  });

  test('idea.moved sets the column and version', () => {
    const board = loaded();
    applyEvent(board, { type: 'idea.moved', id: 9, column: 3, index: 0, version: 3, seq: 11, at: AT });
    assert.equal(board.ideas.get(9).column, 3);
    assert.equal(board.ideas.get(9).version, 3);
  });

  test('idea.deleted removes the idea itself', () => {
    const board = loaded();
    applyEvent(board, { type: 'idea.deleted', id: 8, seq: 11, at: AT });
    assert.equal(board.ideas.has(8), false);
  });

  test('session.updated sets title and question', () => {
    const board = loaded();
    applyEvent(board, { type: 'session.updated', title: 'T', question: 'Q', seq: 11, at: AT });
    assert.equal(board.session.title, 'T');
    assert.equal(board.session.question, 'Q');
  });

  test('events in a row', () => {
    const board = loaded();
    const events = [
      { type: 'idea.added', idea: idea(11, 3, 0, 'a') },
      { type: 'idea.moved', id: 11, column: 1, index: 0, version: 2 },
      { type: 'idea.edited', id: 11, text: 'b', version: 3 },
      { type: 'column.deleted', id: 3 },
      { type: 'idea.deleted', id: 7 },
    ];
    events.forEach((e, i) => assert.equal(applyEvent(board, { ...e, seq: 11 + i, at: AT }).ok, true));
    assert.equal(board.seq, 15);
    assert.deepEqual(layout(board), [[1, 'Idéer', [11, 9]], [2, 'Til drøftelse', [8]]]);
  });

  test('an event already applied is skipped', () => {
    const board = loaded();
    const before = copyOf(board);
    assert.deepEqual(applyEvent(board, { type: 'idea.deleted', id: 7, seq: 10, at: AT }), { ok: true, applied: false });
    assert.deepEqual(applyEvent(board, { type: 'idea.deleted', id: 7, seq: 3, at: AT }), { ok: true, applied: false });
    assert.deepEqual(copyOf(board), before);
  });

  // Each case is an event that cannot be applied exactly: the board must stay as it was.
  const impossible = [
    ['a gap in seq', { type: 'idea.deleted', id: 7, seq: 12 }],
    ['no seq', { type: 'idea.deleted', id: 7 }],
    ['an unknown type', { type: 'idea.voted', id: 7, seq: 11 }],
    ['idea.added with an id that exists', { type: 'idea.added', idea: idea(7, 1, 0), seq: 11 }],
    ['idea.added to an unknown column', { type: 'idea.added', idea: idea(11, 99, 0), seq: 11 }],
    ['idea.added past the end', { type: 'idea.added', idea: idea(11, 1, 3), seq: 11 }],
    ['idea.added at a negative index', { type: 'idea.added', idea: idea(11, 1, -1), seq: 11 }],
    ['idea.added without index', { type: 'idea.added', idea: { ...idea(11, 1, 0), index: undefined }, seq: 11 }],
    ['idea.edited of an unknown idea', { type: 'idea.edited', id: 99, text: 'x', version: 2, seq: 11 }],
    ['idea.moved of an unknown idea', { type: 'idea.moved', id: 99, column: 1, index: 0, version: 2, seq: 11 }],
    ['idea.moved to an unknown column', { type: 'idea.moved', id: 7, column: 99, index: 0, version: 2, seq: 11 }],
    ['idea.moved past the end of its own column', { type: 'idea.moved', id: 7, column: 1, index: 2, version: 2, seq: 11 }],
    ['idea.moved past the end of another column', { type: 'idea.moved', id: 7, column: 2, index: 2, version: 2, seq: 11 }],
    ['idea.deleted of an unknown idea', { type: 'idea.deleted', id: 99, seq: 11 }],
    ['column.added with an id that exists', { type: 'column.added', column: { id: 2, title: 'x' }, index: 0, seq: 11 }],
    ['column.added past the end', { type: 'column.added', column: { id: 4, title: 'x' }, index: 4, seq: 11 }],
    ['column.renamed of an unknown column', { type: 'column.renamed', id: 99, title: 'x', seq: 11 }],
    ['column.moved of an unknown column', { type: 'column.moved', id: 99, index: 0, seq: 11 }],
    ['column.moved past the end', { type: 'column.moved', id: 1, index: 3, seq: 11 }],
    ['column.deleted of an unknown column', { type: 'column.deleted', id: 99, seq: 11 }],
    ['column.deleted of a column with ideas', { type: 'column.deleted', id: 1, seq: 11 }],
    ['session.updated without question', { type: 'session.updated', title: 'x', seq: 11 }],
  ];
  for (const [name, event] of impossible) {
    test('refuses ' + name + ' and keeps the board', () => {
      const board = loaded();
      const before = copyOf(board);
      const result = applyEvent(board, { ...event, at: AT });
      assert.equal(result.ok, false);
      assert.equal(typeof result.reason, 'string');
      assert.deepEqual(copyOf(board), before);
    });
  }

  test('refuses events before the first snapshot', () => {
    const board = createBoard();
    assert.equal(applyEvent(board, { type: 'idea.deleted', id: 7, seq: 1, at: AT }).ok, false);
  });
});

describe('acks', () => {
  test('applies the event an ack carries', () => {
    const board = loaded();
    const event = { type: 'idea.added', idea: idea(11, 2, 1, 'fra mig'), seq: 11, at: AT };
    assert.deepEqual(applyAck(board, { type: 'ack', ref: 'a:1', seq: 11, event }), { ok: true, applied: true });
    assert.deepEqual(board.columns[1].ideas, [8, 11]);
    assert.equal(board.seq, 11);
  });

  test('an ack is ordered by seq like any event', () => {
    const board = loaded();
    const event = { type: 'idea.deleted', id: 7, seq: 12, at: AT };
    assert.equal(applyAck(board, { type: 'ack', ref: 'a:1', seq: 12, event }).ok, false);
    assert.equal(board.ideas.has(7), true);
  });

  test('refuses an ack without event, or whose seq differs from its event', () => {
    const board = loaded();
    assert.equal(applyAck(board, { type: 'ack', ref: 'a:1', seq: 11 }).ok, false);
    const event = { type: 'idea.deleted', id: 7, seq: 11, at: AT };
    assert.equal(applyAck(board, { type: 'ack', ref: 'a:1', seq: 12, event }).ok, false);
    assert.equal(board.seq, 10);
  });
});
