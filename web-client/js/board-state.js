// @ts-check
// The board as the client knows it: the session, its columns in board order and the
// ideas in each column, plus the seq of the last change applied. It applies a
// `snapshot`, the events and the events inside `ack`s exactly as PROTOCOL.md
// ("Server messages") says, and refuses anything it cannot apply exactly (a gap in
// seq, an unknown id, an index out of range): the caller then has lost state and must
// reconnect without `since` to get a snapshot.
//
// Pure: no DOM, no sockets, no clock. Every apply function either changes the board
// completely or not at all (it checks before it writes).

/** @typedef {{id: string, code: string, title: string, question: string, status: string, created_at: string}} Session */
/** @typedef {{id: number, name: string}} Author */
/**
 * @typedef {{id: number, column: number, index?: number, text: string, author: Author,
 *   version: number, created_at: string, updated_at: string}} Idea
 * `column` is kept up to date; the order lives in the columns' `ideas` lists, so the
 * `index` the server sent is not kept up to date (it only held at the time of sending).
 */
/** @typedef {{id: number, title: string, ideas: number[]}} Column */
/**
 * @typedef {object} Board
 * @property {Session|null} session
 * @property {Column[]} columns in board order
 * @property {Map<number, Idea>} ideas every idea on the board, by id
 * @property {number} seq the seq of the last applied snapshot or event; -1 before the first snapshot
 */
/** @typedef {{ok: true, applied: boolean} | {ok: false, reason: string}} ApplyResult */

/** @returns {Board} an empty board that has not seen a snapshot yet */
export function createBoard() {
  return { session: null, columns: [], ideas: new Map(), seq: -1 };
}

/**
 * True once the board holds a snapshot (and so can be resumed with `since`).
 * @param {Board} board
 */
export function hasSnapshot(board) {
  return board.seq >= 0;
}

/** @param {unknown} v @returns {v is number} */
function isInt(v) {
  return typeof v === 'number' && Number.isInteger(v);
}

/** @param {unknown} v @returns {v is number} */
function isIndex(v) {
  return isInt(v) && v >= 0;
}

/** @param {unknown} v @returns {v is string} */
function isText(v) {
  return typeof v === 'string';
}

/**
 * @param {any} idea
 * @returns {string|null} why this is not a usable idea object, or null
 */
function checkIdeaObject(idea) {
  if (!idea || typeof idea !== 'object') return 'idea is missing';
  if (!isInt(idea.id) || !isInt(idea.column) || !isInt(idea.version) || !isText(idea.text)) {
    return 'idea has a bad id, column, version or text';
  }
  if (!idea.author || !isInt(idea.author.id) || !isText(idea.author.name)) {
    return 'idea ' + idea.id + ' has a bad author';
  }
  return null;
}

/**
 * @param {any} idea a checked idea object from the server
 * @returns {Idea} a copy that the board owns
 */
function copyIdea(idea) {
  return {
    id: idea.id,
    column: idea.column,
    text: idea.text,
    author: { id: idea.author.id, name: idea.author.name },
    version: idea.version,
    created_at: idea.created_at,
    updated_at: idea.updated_at,
  };
}

/**
 * Replaces the whole board with a snapshot.
 * @param {Board} board
 * @param {any} snapshot a `snapshot` message
 * @returns {ApplyResult} not ok (and the board unchanged) if the snapshot contradicts itself
 */
export function applySnapshot(board, snapshot) {
  if (!snapshot || !isIndex(snapshot.seq)) return { ok: false, reason: 'snapshot without seq' };
  if (!snapshot.session || !Array.isArray(snapshot.columns) || !Array.isArray(snapshot.ideas)) {
    return { ok: false, reason: 'snapshot without session, columns or ideas' };
  }
  /** @type {Map<number, Idea>} */
  const ideas = new Map();
  for (const idea of snapshot.ideas) {
    const bad = checkIdeaObject(idea);
    if (bad) return { ok: false, reason: 'snapshot: ' + bad };
    if (ideas.has(idea.id)) return { ok: false, reason: 'snapshot: idea ' + idea.id + ' twice' };
    ideas.set(idea.id, copyIdea(idea));
  }
  /** @type {Column[]} */
  const columns = [];
  const columnIds = new Set();
  const placed = new Set();
  for (const col of snapshot.columns) {
    if (!col || !isInt(col.id) || !isText(col.title) || !Array.isArray(col.ideas)) {
      return { ok: false, reason: 'snapshot: bad column' };
    }
    if (columnIds.has(col.id)) return { ok: false, reason: 'snapshot: column ' + col.id + ' twice' };
    columnIds.add(col.id);
    for (const id of col.ideas) {
      const idea = ideas.get(id);
      if (!idea || placed.has(id)) return { ok: false, reason: 'snapshot: column ' + col.id + ' lists idea ' + id };
      placed.add(id);
      idea.column = col.id;
    }
    columns.push({ id: col.id, title: col.title, ideas: col.ideas.slice() });
  }
  if (placed.size !== ideas.size) return { ok: false, reason: 'snapshot: an idea is in no column' };

  board.session = { ...snapshot.session };
  board.columns = columns;
  board.ideas = ideas;
  board.seq = snapshot.seq;
  return { ok: true, applied: true };
}

/**
 * Applies one event in seq order. An event at or below the board's seq has been
 * applied already and is skipped; one that does not follow the board's seq, or that
 * does not fit the board, is refused.
 * @param {Board} board
 * @param {any} event an event message (or the `event` of an `ack`)
 * @returns {ApplyResult}
 */
export function applyEvent(board, event) {
  if (!hasSnapshot(board)) return { ok: false, reason: 'event before the first snapshot' };
  if (!event || !isInt(event.seq)) return { ok: false, reason: 'event without seq' };
  if (event.seq <= board.seq) return { ok: true, applied: false };
  if (event.seq !== board.seq + 1) {
    return { ok: false, reason: 'gap: expected seq ' + (board.seq + 1) + ', got ' + event.seq };
  }
  const handler = EVENT_HANDLERS[event.type];
  if (!handler) return { ok: false, reason: 'unknown event type ' + String(event.type) };
  const problem = handler.check(board, event);
  if (problem) return { ok: false, reason: event.type + ' (seq ' + event.seq + '): ' + problem };
  handler.apply(board, event);
  board.seq = event.seq;
  return { ok: true, applied: true };
}

/**
 * Applies the event an `ack` carries.
 * @param {Board} board
 * @param {any} ack an `ack` message
 * @returns {ApplyResult}
 */
export function applyAck(board, ack) {
  if (!ack || !ack.event) return { ok: false, reason: 'ack without event' };
  if (isInt(ack.seq) && ack.seq !== ack.event.seq) return { ok: false, reason: 'ack seq differs from its event' };
  return applyEvent(board, ack.event);
}

/**
 * @param {Board} board
 * @param {number} id
 * @returns {Column|undefined}
 */
export function findColumn(board, id) {
  return board.columns.find((c) => c.id === id);
}

/**
 * @param {Board} board
 * @param {number} id
 * @returns {number} the column's position on the board, or -1
 */
export function columnIndex(board, id) {
  return board.columns.findIndex((c) => c.id === id);
}

/**
 * Where an idea is now.
 * @param {Board} board
 * @param {number} id
 * @returns {{column: Column, index: number}|null}
 */
export function ideaPosition(board, id) {
  const idea = board.ideas.get(id);
  if (!idea) return null;
  const column = findColumn(board, idea.column);
  if (!column) return null;
  const index = column.ideas.indexOf(id);
  return index < 0 ? null : { column, index };
}

/**
 * The ideas of a column, top first.
 * @param {Board} board
 * @param {Column} column
 * @returns {Idea[]}
 */
export function ideasOf(board, column) {
  /** @type {Idea[]} */
  const out = [];
  for (const id of column.ideas) {
    const idea = board.ideas.get(id);
    if (idea) out.push(idea);
  }
  return out;
}

/**
 * How each event type is checked against the board and then applied. `check` returns
 * what is wrong (a string) or null; `apply` runs only after a null check.
 * @type {Record<string, {check: (b: Board, e: any) => string|null, apply: (b: Board, e: any) => void}>}
 */
const EVENT_HANDLERS = {
  'idea.added': {
    check(board, e) {
      const bad = checkIdeaObject(e.idea);
      if (bad) return bad;
      if (board.ideas.has(e.idea.id)) return 'idea ' + e.idea.id + ' exists already';
      const column = findColumn(board, e.idea.column);
      if (!column) return 'unknown column ' + e.idea.column;
      if (!isIndex(e.idea.index) || e.idea.index > column.ideas.length) return 'index out of range';
      return null;
    },
    apply(board, e) {
      const column = /** @type {Column} */ (findColumn(board, e.idea.column));
      column.ideas.splice(e.idea.index, 0, e.idea.id);
      board.ideas.set(e.idea.id, copyIdea(e.idea));
    },
  },
  'idea.edited': {
    check(board, e) {
      if (!board.ideas.has(e.id)) return 'unknown idea ' + e.id;
      if (!isText(e.text) || !isInt(e.version)) return 'bad text or version';
      return null;
    },
    apply(board, e) {
      const idea = /** @type {Idea} */ (board.ideas.get(e.id));
      idea.text = e.text;
      idea.version = e.version;
      if (isText(e.at)) idea.updated_at = e.at;
    },
  },
  'idea.moved': {
    check(board, e) {
      const from = ideaPosition(board, e.id);
      if (!from) return 'unknown idea ' + e.id;
      if (!isInt(e.version)) return 'bad version';
      const to = findColumn(board, e.column);
      if (!to) return 'unknown column ' + e.column;
      const size = to === from.column ? to.ideas.length - 1 : to.ideas.length;
      if (!isIndex(e.index) || e.index > size) return 'index out of range';
      return null;
    },
    apply(board, e) {
      const from = /** @type {{column: Column, index: number}} */ (ideaPosition(board, e.id));
      from.column.ideas.splice(from.index, 1);
      const to = /** @type {Column} */ (findColumn(board, e.column));
      to.ideas.splice(e.index, 0, e.id);
      const idea = /** @type {Idea} */ (board.ideas.get(e.id));
      idea.column = e.column;
      idea.version = e.version;
    },
  },
  'idea.deleted': {
    check(board, e) {
      return ideaPosition(board, e.id) ? null : 'unknown idea ' + e.id;
    },
    apply(board, e) {
      const from = /** @type {{column: Column, index: number}} */ (ideaPosition(board, e.id));
      from.column.ideas.splice(from.index, 1);
      board.ideas.delete(e.id);
    },
  },
  'column.added': {
    check(board, e) {
      if (!e.column || !isInt(e.column.id) || !isText(e.column.title)) return 'bad column';
      if (findColumn(board, e.column.id)) return 'column ' + e.column.id + ' exists already';
      if (!isIndex(e.index) || e.index > board.columns.length) return 'index out of range';
      return null;
    },
    apply(board, e) {
      board.columns.splice(e.index, 0, { id: e.column.id, title: e.column.title, ideas: [] });
    },
  },
  'column.renamed': {
    check(board, e) {
      if (!findColumn(board, e.id)) return 'unknown column ' + e.id;
      return isText(e.title) ? null : 'bad title';
    },
    apply(board, e) {
      /** @type {Column} */ (findColumn(board, e.id)).title = e.title;
    },
  },
  'column.moved': {
    check(board, e) {
      if (!findColumn(board, e.id)) return 'unknown column ' + e.id;
      if (!isIndex(e.index) || e.index > board.columns.length - 1) return 'index out of range';
      return null;
    },
    apply(board, e) {
      const at = columnIndex(board, e.id);
      const [column] = board.columns.splice(at, 1);
      board.columns.splice(e.index, 0, column);
    },
  },
  'column.deleted': {
    check(board, e) {
      const column = findColumn(board, e.id);
      if (!column) return 'unknown column ' + e.id;
      return column.ideas.length === 0 ? null : 'column ' + e.id + ' is not empty';
    },
    apply(board, e) {
      board.columns.splice(columnIndex(board, e.id), 1);
    },
  },
  'session.updated': {
    check(board, e) {
      if (!board.session) return 'no session';
      return isText(e.title) && isText(e.question) ? null : 'bad title or question';
    },
    apply(board, e) {
      const session = /** @type {Session} */ (board.session);
      session.title = e.title;
      session.question = e.question;
    },
  },
};

/** The event types this module knows, for tests and for routing messages. */
export const EVENT_TYPES = Object.freeze(Object.keys(EVENT_HANDLERS));
