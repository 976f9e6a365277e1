// Protocol objects for the unit tests, shaped as PROTOCOL.md shows them. Each maker
// takes the fields a test cares about and fills in the rest.

export const AT = '2026-11-23T13:30:12.504Z';
export const GAP = 4294967296; // the server's usual distance between ranks

export const SESSION = {
  id: 'q0b7cZ1fTRe2n9xY', code: 'K7M4QX', title: 'Velfærd med færre hænder', question: 'Hvad er umuligt?',
  status: 'open', created_at: AT, template: 'idea_workshop', follow_up_of: '',
};

export const PHASES = ['welcome', 'ideas', 'cluster', 'vote', 'trial_actions', 'wrap_up'];

/** @param {Record<string, any>} [over] */
export function controls(over = {}) {
  const { settings, timer, ...rest } = over;
  return {
    phase: 'ideas', phases: PHASES,
    settings: { anonymity: 'named', private_writing: false, late_ideas: false, vote_budget: 3, vote_cap: 2, fold_threshold: 3,
      join_by_code: true, idea_quota: 30, ...settings },
    timer: { state: 'idle', duration_ms: 0, ends_at: '1970-01-01T00:00:00.000Z', remaining_ms: 0, ...timer },
    locked: false, votes_revealed: false, focus: 0, ...rest,
  };
}

/** @param {number} id @param {Record<string, any>} [over] */
export function idea(id, over = {}) {
  return {
    id, column: 1, rank: id * GAP, cluster: 0, text: 'idé ' + id,
    author: { id: 3, name: 'Anna', role: 'citizen' }, mine: false, version: 1,
    created_at: AT, updated_at: AT, private: false, moderated: false,
    fate: 'open', fate_reason: '', merged_into: 0, trial_action: 0, ...over,
  };
}

/** @param {number} id @param {Record<string, any>} [over] */
export function comment(id, over = {}) {
  return {
    id, target_kind: 'idea', target_id: 1, text: 'kommentar ' + id,
    author: { id: 5, name: 'Bo', role: 'staff' }, mine: false, created_at: AT, moderated: false, ...over,
  };
}

/** @param {number} id @param {Record<string, any>} [over] */
export function trial(id, over = {}) {
  return {
    id, title: 'Prøvehandling ' + id, what: '', we_believe: '', we_know_when: '', owners: [],
    start_date: '', review_date: '', status: 'proposed', outcome: 'none', from_ideas: [], learnings: [], review_moves: [],
    version: 1, created_at: AT, updated_at: AT, origin: null, ...over,
  };
}

/** @param {number} id @param {Record<string, any>} [over] */
export function decision(id, over = {}) {
  return {
    id, target_kind: 'idea', target_id: 1, kind: 'approve', note: '',
    by: { id: 4, name: 'Mona', role: 'manager' }, at: AT, ...over,
  };
}

/** @param {number} seq @param {Record<string, any>} [over] */
export function snapshot(seq, over = {}) {
  return {
    type: 'snapshot', seq, session: SESSION, controls: controls(),
    columns: [{ id: 1, title: 'Idéer' }, { id: 2, title: 'Til drøftelse' }],
    clusters: [], ideas: [], private_count: 0,
    votes: { mine: {}, dots_left: 3, dots_cast: 0, voters: 0, results: null },
    comments: [], reactions: [], trial_actions: [], decisions: [], ...over,
  };
}

/** @param {string} type @param {number} seq @param {Record<string, any>} [fields] */
export function event(type, seq, fields = {}) {
  return { type, ...fields, seq, at: AT };
}
