// @ts-check
// What the views show, derived from the session state (session-state.js): the ideas of
// a column in their order and grouped by cluster, where a moved idea lands (`before`),
// the ideas merged into another, comments, reactions and decisions of a target, the
// vote results with the ideas' texts, the outcome of a session for the wrap-up, and
// what the console shows for each role's invitation link, what the big screen has in
// focus, and who is here.
//
// Pure: no DOM. Every function reads the state and returns new arrays or objects.

import { reactionKey, REACTIONS } from './session-state.js';
import { ROLES } from './permissions.js';

/** @typedef {import('./session-state.js').SessionState} SessionState */
/** @typedef {import('./session-state.js').Idea} Idea */

/**
 * Indexes that many cards ask for on every render (merged ideas by the idea they went
 * into, comments and decisions by target), made once per revision of the state.
 * @type {WeakMap<SessionState, {revision: number, absorbed: Map<number, Idea[]>,
 *   comments: Map<string, import('./session-state.js').Comment[]>, decisions: Map<string, import('./session-state.js').Decision[]>}>}
 */
const indexes = new WeakMap();

/** @param {SessionState} state */
function indexOf(state) {
  const known = indexes.get(state);
  if (known && known.revision === state.revision) return known;
  /** @type {Map<number, Idea[]>} */
  const absorbed = new Map();
  for (const idea of state.ideas.values()) {
    if (idea.fate !== 'merged') continue;
    const list = absorbed.get(idea.merged_into) || [];
    list.push(idea);
    absorbed.set(idea.merged_into, list);
  }
  for (const list of absorbed.values()) list.sort((a, b) => a.id - b.id);
  /** @type {Map<string, import('./session-state.js').Comment[]>} */
  const comments = new Map();
  for (const c of state.comments.values()) {
    const key = reactionKey(c.target_kind, c.target_id);
    const list = comments.get(key) || [];
    list.push(c);
    comments.set(key, list);
  }
  for (const list of comments.values()) list.sort((a, b) => a.id - b.id);
  /** @type {Map<string, import('./session-state.js').Decision[]>} */
  const decisions = new Map();
  for (const d of state.decisions) {
    const key = reactionKey(d.target_kind, d.target_id);
    const list = decisions.get(key) || [];
    list.push(d);
    decisions.set(key, list);
  }
  for (const list of decisions.values()) list.sort((a, b) => b.id - a.id);
  const made = { revision: state.revision, absorbed, comments, decisions };
  indexes.set(state, made);
  return made;
}

/**
 * Orders ideas as a column shows them: by rank, then by id (PROTOCOL.md).
 * @param {Idea} a
 * @param {Idea} b
 */
export function byRank(a, b) {
  return a.rank - b.rank || a.id - b.id;
}

/**
 * The ideas on the board in a column (merged ones are in no column), in order.
 * @param {SessionState} state
 * @param {number} columnId
 * @returns {Idea[]}
 */
export function ideasInColumn(state, columnId) {
  const out = [];
  for (const idea of state.ideas.values()) if (idea.column === columnId && idea.fate !== 'merged') out.push(idea);
  return out.sort(byRank);
}

/**
 * @typedef {{kind: 'idea', id: number} | {kind: 'cluster', id: number, ideas: number[]}} Block
 */

/**
 * How a column shows its ideas: each cluster as one group at the place of its first
 * idea, with its ideas inside in order; empty clusters at the end. `order` is every
 * idea id as shown, top to bottom, which is what "up" and "down" mean to a person.
 * @param {SessionState} state
 * @param {number} columnId
 * @returns {{blocks: Block[], order: number[]}}
 */
export function columnLayout(state, columnId) {
  const ideas = ideasInColumn(state, columnId);
  /** @type {Block[]} */
  const blocks = [];
  /** @type {Map<number, {kind: 'cluster', id: number, ideas: number[]}>} */
  const groups = new Map();
  for (const idea of ideas) {
    const cluster = idea.cluster ? state.clusters.get(idea.cluster) : undefined;
    if (!cluster || cluster.column !== columnId) {
      blocks.push({ kind: 'idea', id: idea.id });
      continue;
    }
    let group = groups.get(cluster.id);
    if (!group) {
      group = { kind: 'cluster', id: cluster.id, ideas: [] };
      groups.set(cluster.id, group);
      blocks.push(group);
    }
    group.ideas.push(idea.id);
  }
  const empty = [...state.clusters.values()].filter((c) => c.column === columnId && !groups.has(c.id)).sort((a, b) => a.id - b.id);
  for (const c of empty) blocks.push({ kind: 'cluster', id: c.id, ideas: [] });
  const order = blocks.flatMap((b) => (b.kind === 'idea' ? [b.id] : b.ideas));
  return { blocks, order };
}

/**
 * The `before` of an `idea.move` (or `idea.add`) that puts an idea at `index` in a
 * list shown in `order`, counted without the idea itself.
 * @param {number[]} order ids as shown
 * @param {number|null} movedId the idea that moves (null for a new one)
 * @param {number} index 0 is the top; at or past the end means the end
 * @returns {number|undefined} the id to go before, or undefined for the end
 */
export function beforeAt(order, movedId, index) {
  const others = order.filter((id) => id !== movedId);
  return index >= 0 && index < others.length ? others[index] : undefined;
}

/**
 * The ideas merged into an idea, oldest first.
 * @param {SessionState} state
 * @param {number} ideaId
 * @returns {Idea[]}
 */
export function absorbedInto(state, ideaId) {
  return (indexOf(state).absorbed.get(ideaId) || []).slice();
}

/**
 * The comments on an idea or trial action, oldest first.
 * @param {SessionState} state
 * @param {string} kind 'idea' or 'trial_action'
 * @param {number} id
 */
export function commentsOn(state, kind, id) {
  return (indexOf(state).comments.get(reactionKey(kind, id)) || []).slice();
}

/**
 * The reactions on a target: every kind with its count and whether this person gave it.
 * @param {SessionState} state
 * @param {string} kind
 * @param {number} id
 * @returns {Array<{reaction: string, count: number, mine: boolean}>}
 */
export function reactionsOn(state, kind, id) {
  const r = state.reactions.get(reactionKey(kind, id));
  return REACTIONS.map((reaction) => ({
    reaction,
    count: r && typeof r.counts[reaction] === 'number' ? r.counts[reaction] : 0,
    mine: Boolean(r && r.mine.includes(reaction)),
  }));
}

/**
 * The managers' decisions on a target, newest first.
 * @param {SessionState} state
 * @param {string} kind
 * @param {number} id
 */
export function decisionsOn(state, kind, id) {
  return (indexOf(state).decisions.get(reactionKey(kind, id)) || []).slice();
}

/**
 * The trial actions in the order they were made.
 * @param {SessionState} state
 */
export function trialList(state) {
  return [...state.trials.values()].sort((a, b) => a.id - b.id);
}

/**
 * How many ideas are on the board (in a column, not merged), and how many of them
 * this person can see. Private ones of others are counted by `privateCount`.
 * @param {SessionState} state
 */
export function ideaCounts(state) {
  let visible = 0;
  let own = 0;
  let ownPrivate = 0;
  for (const idea of state.ideas.values()) {
    if (idea.fate === 'merged') continue;
    visible += 1;
    if (idea.mine) own += 1;
    if (idea.mine && idea.private) ownPrivate += 1;
  }
  const hiddenOthers = Math.max(0, state.privateCount - ownPrivate);
  return { visible, own, ownPrivate, hiddenOthers, total: visible + hiddenOthers };
}

/**
 * The instruction for the ideas phase (a key of strings.js). With private writing, an
 * idea is seen by its author alone until the facilitator reveals it; once some ideas
 * written in this phase are out for everyone (revealed), the instruction says so, and
 * that new ones stay hidden until the next reveal.
 * @param {SessionState} state
 * @returns {'instruction.ideas'|'instruction.ideasPrivate'|'instruction.ideasRevealed'}
 */
export function ideasInstruction(state) {
  const controls = state.controls;
  if (!controls?.settings.private_writing) return 'instruction.ideas';
  const since = Date.parse(controls.phase_started_at);
  for (const idea of state.ideas.values()) {
    if (!idea.private && Date.parse(idea.created_at) >= since) return 'instruction.ideasRevealed';
  }
  return 'instruction.ideasPrivate';
}

/**
 * The vote results as rows to show, most dots first, each with its idea (when this
 * person can see it) and its dots per group in the order of `results.groups`.
 * @param {SessionState} state
 * @returns {{groups: Array<{group: string, voters: number}>, rows: Array<{id: number, text: string, total: number,
 *   byGroup: Array<{group: string, dots: number}>, idea: Idea|null}>, max: number}|null}
 */
export function resultRows(state) {
  const results = state.votes.results;
  if (!results) return null;
  const groups = results.groups.map((group) => ({ group, voters: Number(results.voters[group]) || 0 }));
  const rows = results.ideas.map((r) => {
    const idea = state.ideas.get(r.id) || null;
    return {
      id: r.id,
      text: idea ? idea.text : '',
      total: r.total,
      byGroup: results.groups.map((group) => ({ group, dots: Number(r.by_group[group]) || 0 })),
      idea,
    };
  }).sort((a, b) => b.total - a.total || a.id - b.id);
  const max = rows.reduce((m, r) => Math.max(m, r.total), 0);
  return { groups, rows, max };
}

/**
 * The outcome of a session, for the wrap-up view: ideas by fate, trial actions and
 * decisions.
 * @param {SessionState} state
 */
export function outcome(state) {
  /** @type {Record<string, Idea[]>} */
  const byFate = { trial_action: [], selected: [], parked: [], merged: [], open: [] };
  for (const idea of state.ideas.values()) {
    (byFate[idea.fate] || byFate.open).push(idea);
  }
  for (const list of Object.values(byFate)) list.sort((a, b) => a.id - b.id);
  return {
    byFate,
    trials: trialList(state),
    decisions: [...state.decisions].sort((a, b) => b.id - a.id),
  };
}

/**
 * What a person is called when the server may not say who they are.
 * @param {{name: string}|null} author
 * @param {string} anonymous the word for "Anonymous" in the current language
 */
export function authorName(author, anonymous) {
  return author && author.name ? author.name : anonymous;
}

/**
 * What the console shows for a role's invitation link:
 * - 'none': none was ever made;
 * - 'revoked': the latest one was revoked;
 * - 'link': it is active, and `invite.token` is its link's token;
 * - 'waiting': it is active, and its link is on its way (the `invites` message follows
 *   every snapshot and invitation change);
 * - 'unavailable': it is active and still admits, but the server cannot show its link
 *   again (it was made before links were derived from the server's key, or with
 *   another key): renewing it gives a new link.
 * The list keeps renewed and revoked invitations, oldest first: the role's active one
 * is shown, else its latest.
 * @param {SessionState} state
 * @param {string} role
 * @returns {{shown: 'none'|'revoked'|'link'|'waiting'|'unavailable', invite: import('./session-state.js').Invite|null}}
 */
export function inviteShown(state, role) {
  const mine = state.invites.filter((i) => i.role === role);
  const invite = mine.find((i) => i.active) || mine[mine.length - 1] || null;
  if (!invite) return { shown: 'none', invite };
  if (!invite.active) return { shown: 'revoked', invite };
  if (invite.token) return { shown: 'link', invite };
  return { shown: state.inviteLinksKnown ? 'unavailable' : 'waiting', invite };
}

/**
 * Whether everyone sees an idea (what the big screen may show: PROTOCOL.md, screen.focus).
 * @param {import('./session-state.js').Idea} idea
 */
export function seenByAll(idea) {
  return !idea.private && !idea.moderated && idea.fate !== 'merged';
}

/**
 * What the big screen has in focus, as this state has it: an idea or cluster it no
 * longer has (hidden, deleted, merged in the same change that cleared the focus on the
 * server) counts as none.
 * @param {SessionState} state
 * @returns {{kind: 'none'}|{kind: 'results'}|{kind: 'idea', idea: import('./session-state.js').Idea}|{kind: 'cluster', cluster: import('./session-state.js').Cluster}}
 */
export function screenFocus(state) {
  const s = state.controls?.screen;
  if (!s) return { kind: 'none' };
  if (s.kind === 'results') return state.controls?.votes_revealed ? { kind: 'results' } : { kind: 'none' };
  if (s.kind === 'idea') {
    const idea = state.ideas.get(s.id);
    return idea && seenByAll(idea) ? { kind: 'idea', idea } : { kind: 'none' };
  }
  if (s.kind === 'cluster') {
    const cluster = state.clusters.get(s.id);
    return cluster ? { kind: 'cluster', cluster } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/**
 * Who is here (or has been, with includeOffline), by role then name; not the removed.
 * @param {SessionState} state
 * @param {boolean} [includeOffline]
 * @returns {import('./session-state.js').PresenceEntry[]}
 */
export function peopleByRole(state, includeOffline = true) {
  const list = state.presence.participants ? [...state.presence.participants.values()] : [];
  return list.filter((p) => !state.removed.has(p.id) && (includeOffline || p.online))
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name) || a.id - b.id);
}
