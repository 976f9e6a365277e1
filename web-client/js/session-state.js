// @ts-check
// The session as this client knows it: the session object, the controls, the columns,
// clusters, ideas, votes, comments, reactions, trial actions, decisions and (for the
// facilitators) the invitations, plus the seq of the last change applied. It applies a
// `snapshot`, every event of PROTOCOL.md ("Events"), the events inside `ack`s, and the
// `presence` and `invites` messages, exactly as the protocol says.
//
// Where the protocol says "replace (or add)" an event is applied even to an object the
// client has not seen; events that remove something are idempotent. An event that sets
// fields of an object the client should have but does not (an edit or move of an
// unknown idea, a rename of an unknown column), or a gap in seq, means the client has
// lost state: the apply function refuses it and the caller reconnects without `since`
// to get a fresh snapshot.
//
// Pure: no DOM, no sockets, no clock. Every apply function either changes the state
// completely or not at all (it checks before it writes).
//
// This module holds the types, the snapshot and the order of events; each part of the
// session, as the server's domain divides it, checks, copies and applies its own objects
// and events in state/: ideas.js (ideas, columns, clusters), votes.js, discussion.js
// (comments, reactions), trials.js (trial actions, decisions), controls.js (controls and
// the session) and roster.js (presence, invitations, removals).

import { isInt, isObject, isText } from './state/check.js';
import { checkControls, copyControls, copySession, CONTROLS_EVENTS } from './state/controls.js';
import { checkComment, copyComment, DISCUSSION_EVENTS, reactionKey } from './state/discussion.js';
import { checkIdeas, copyIdea, IDEA_EVENTS } from './state/ideas.js';
import { copyInvites, ROSTER_EVENTS } from './state/roster.js';
import { checkDecision, checkTrial, copyDecision, copyTrial, TRIAL_EVENTS } from './state/trials.js';
import { copyMine, copyResults, emptyVotes, VOTE_EVENTS } from './state/votes.js';

export { REACTIONS, reactionKey } from './state/discussion.js';
export { applyInvites, applyPresence } from './state/roster.js';

/** @typedef {{id: number, name: string, role: string}} Person */
/** @typedef {{id: number, name: string}} Named */
/**
 * @typedef {object} Session
 * @property {string} id
 * @property {string} code
 * @property {string} title
 * @property {string} question
 * @property {string} status 'open' or 'closed'
 * @property {string} created_at
 * @property {string} template 'idea_workshop' or 'review'
 * @property {string} follow_up_of
 * @property {string} [workspace] the id of its workspace, '' for none
 * @property {string} [deleted_at] only for a session deleted with its trial actions kept:
 *   it holds nothing else, and has no code
 */
/**
 * @typedef {object} Settings
 * @property {string} anonymity 'named', 'hidden_from_participants' or 'anonymous'
 * @property {boolean} private_writing
 * @property {boolean} late_ideas
 * @property {number} vote_budget
 * @property {number} vote_cap
 * @property {number} fold_threshold
 * @property {boolean} join_by_code newcomers may join with the code (the door is open)
 * @property {number} idea_quota ideas one participant may add in one phase
 */
/** @typedef {{state: string, duration_ms: number, ends_at: string, remaining_ms: number}} Timer */
/**
 * @typedef {object} Controls
 * @property {string} phase
 * @property {string[]} phases
 * @property {Settings} settings
 * @property {Timer} timer
 * @property {boolean} locked
 * @property {boolean} votes_revealed
 * @property {number} focus
 * @property {ScreenFocus} screen what the big screen shows large
 * @property {string} phase_started_at when the current phase began
 */
/** @typedef {{kind: 'none'|'idea'|'cluster'|'results', id: number}} ScreenFocus */
/**
 * @typedef {object} Idea
 * @property {number} id
 * @property {number} column
 * @property {number} rank
 * @property {number} cluster
 * @property {string} text
 * @property {Person|null} author
 * @property {boolean} mine
 * @property {number} version
 * @property {string} created_at
 * @property {string} updated_at
 * @property {boolean} private
 * @property {boolean} moderated
 * @property {string} fate 'open', 'selected', 'merged', 'parked' or 'trial_action'
 * @property {string} fate_reason
 * @property {number} merged_into
 * @property {number} trial_action
 */
/** @typedef {{id: number, title: string}} Column */
/** @typedef {{id: number, column: number, name: string}} Cluster */
/**
 * @typedef {object} Comment
 * @property {number} id
 * @property {string} target_kind 'idea' or 'trial_action'
 * @property {number} target_id
 * @property {string} text
 * @property {Person|null} author
 * @property {boolean} mine
 * @property {string} created_at
 * @property {boolean} moderated
 */
/** @typedef {{counts: Record<string, number>, mine: string[]}} Reactions */
/**
 * The evidence of a check-in: a number with its unit, or a note.
 * @typedef {{value: number, unit: string} | {note: string}} Evidence
 */
/**
 * An owner's check-in between sessions (PROTOCOL.md, "The log").
 * @typedef {object} CheckIn
 * @property {string} what_happened
 * @property {Evidence|null} evidence
 * @property {string} proposal 'continue', 'adapt', 'scale' or 'stop'
 */
/**
 * An entry of a trial action's log: a learning (`check_in` null) or an owner's check-in,
 * whose `text` is what was learned (may be '').
 * @typedef {{id: number, at: string, by: Named, text: string, check_in: CheckIn|null}} Learning
 */
/**
 * A move of a trial action's review date (`trial.review_date`): the date before ('' if
 * it had none), the new one, why, who and when.
 * @typedef {{from: string, to: string, reason: string, by: Named, at: string}} ReviewMove
 */
/**
 * @typedef {object} TrialAction
 * @property {number} id
 * @property {string} title
 * @property {string} what
 * @property {string} we_believe
 * @property {string} we_know_when
 * @property {Named[]} owners
 * @property {string} start_date
 * @property {string} review_date
 * @property {string} status 'proposed', 'approved', 'running', 'evaluated', 'stopped' or 'parked'
 * @property {string} outcome 'none', 'worked', 'partly' or 'did_not_work'
 * @property {number[]} from_ideas
 * @property {Learning[]} learnings the log, oldest first
 * @property {ReviewMove[]} review_moves oldest first
 * @property {boolean} [spread] a manager marked it to spread (a `spread` decision)
 * @property {number} version
 * @property {string} created_at
 * @property {string} updated_at
 * @property {{session: string, trial_action: number}|null} origin
 */
/**
 * @typedef {object} Decision
 * @property {number} id
 * @property {string} target_kind
 * @property {number} target_id
 * @property {string} kind 'approve', 'park' or 'needs_check'; on a trial action also
 *   'continue', 'adapt', 'scale' or 'stop'
 * @property {string} note
 * @property {Person} by
 * @property {string} at
 */
/**
 * @typedef {object} Results
 * @property {string[]} groups
 * @property {Record<string, number>} voters
 * @property {Array<{id: number, total: number, by_group: Record<string, number>}>} ideas
 */
/**
 * @typedef {object} Votes
 * @property {Map<number, number>} mine this participant's dots per idea
 * @property {number} dotsLeft
 * @property {number} dotsCast dots cast by everyone
 * @property {number} voters how many people have cast dots
 * @property {Results|null} results once revealed
 */
/**
 * An invitation. Its `token` (the link's) comes only in `invites` messages; the
 * snapshot and `invites.updated` carry none, so it is '' until the next `invites`.
 * @typedef {{role: string, token: string, active: boolean, created_at: string}} Invite
 */
/** @typedef {{id: number, name: string, role: string, online: boolean}} PresenceEntry */
/**
 * @typedef {object} Presence
 * @property {Map<number, PresenceEntry>|null} participants null when names are not shown to this person
 * @property {Record<string, {online: number, total: number}>} counts by role
 * @property {number} more how many people worth naming the last `presence` message left
 *   out of its bounded list (`presence.changed` does not say, so it is kept until the next)
 */
/**
 * @typedef {object} SessionState
 * @property {number} seq the seq of the last applied snapshot or event; -1 before the first snapshot
 * @property {number} revision grows with every snapshot and event applied (not a protocol
 *   field): derived views may cache on it
 * @property {Session|null} session
 * @property {Controls|null} controls
 * @property {Column[]} columns in board order
 * @property {Map<number, Cluster>} clusters
 * @property {Map<number, Idea>} ideas every idea this person may see, merged ones included
 * @property {number} privateCount how many ideas are private now (own ones included)
 * @property {Votes} votes
 * @property {Map<number, Comment>} comments
 * @property {Map<string, Reactions>} reactions by reactionKey(kind, id)
 * @property {Map<number, TrialAction>} trials
 * @property {Decision[]} decisions oldest first
 * @property {Invite[]} invites only for facilitators; every invitation, oldest first
 * @property {boolean} inviteLinksKnown whether `invites` holds the links: an `invites`
 *   message came after the last snapshot or `invites.updated`. Only then does an active
 *   invitation without a token have no link to show (it must be renewed).
 * @property {Set<number>} removed ids of removed participants
 * @property {Presence} presence
 */
/** @typedef {{ok: true, applied: boolean} | {ok: false, reason: string}} ApplyResult */
/**
 * How one event type is checked against the state and then applied. `check` returns
 * what is wrong (a string) or null; `apply` runs only after a null check.
 * @typedef {{check: (s: SessionState, e: any) => string|null, apply: (s: SessionState, e: any) => void}} EventHandler
 */

/** @returns {SessionState} an empty state that has not seen a snapshot yet */
export function createSessionState() {
  return {
    seq: -1,
    revision: 0,
    session: null,
    controls: null,
    columns: [],
    clusters: new Map(),
    ideas: new Map(),
    privateCount: 0,
    votes: emptyVotes(0),
    comments: new Map(),
    reactions: new Map(),
    trials: new Map(),
    decisions: [],
    invites: [],
    inviteLinksKnown: false,
    removed: new Set(),
    presence: { participants: null, counts: {}, more: 0 },
  };
}

/**
 * True once the state holds a snapshot (and so can be resumed with `since`).
 * @param {SessionState} state
 */
export function hasSnapshot(state) {
  return state.seq >= 0;
}

// ---- snapshot, events, acks ---------------------------------------------------------

/**
 * Replaces the whole state with a snapshot (presence is kept: it comes on its own).
 * @param {SessionState} state
 * @param {any} snap a `snapshot` message
 * @returns {ApplyResult} not ok (and the state unchanged) if the snapshot cannot be used
 */
export function applySnapshot(state, snap) {
  if (!isObject(snap) || !isInt(snap.seq) || snap.seq < 0) return { ok: false, reason: 'snapshot without seq' };
  if (!isObject(snap.session) || !Array.isArray(snap.columns) || !Array.isArray(snap.ideas)) {
    return { ok: false, reason: 'snapshot without session, columns or ideas' };
  }
  const controlsBad = checkControls(snap.controls);
  if (controlsBad) return { ok: false, reason: 'snapshot: ' + controlsBad };
  const ideasBad = checkIdeas(snap.ideas);
  if (ideasBad) return { ok: false, reason: 'snapshot: ' + ideasBad };
  for (const col of snap.columns) if (!isObject(col) || !isInt(col.id) || !isText(col.title)) return { ok: false, reason: 'snapshot: bad column' };
  const comments = Array.isArray(snap.comments) ? snap.comments : [];
  for (const c of comments) if (checkComment(c)) return { ok: false, reason: 'snapshot: bad comment' };
  const trials = Array.isArray(snap.trial_actions) ? snap.trial_actions : [];
  for (const t of trials) if (checkTrial(t)) return { ok: false, reason: 'snapshot: bad trial action' };
  const decisions = Array.isArray(snap.decisions) ? snap.decisions : [];
  for (const d of decisions) if (checkDecision(d)) return { ok: false, reason: 'snapshot: bad decision' };

  const fresh = createSessionState();
  fresh.presence = state.presence;
  fresh.session = copySession(snap.session);
  fresh.controls = copyControls(snap.controls);
  fresh.columns = snap.columns.map((c) => ({ id: c.id, title: c.title }));
  for (const c of Array.isArray(snap.clusters) ? snap.clusters : []) {
    if (isObject(c) && isInt(c.id)) fresh.clusters.set(c.id, { id: c.id, column: isInt(c.column) ? c.column : 0, name: isText(c.name) ? c.name : '' });
  }
  // A snapshot is the whole truth: `mine` is taken as sent, not kept from before.
  for (const idea of snap.ideas) fresh.ideas.set(idea.id, copyIdea(idea, undefined));
  fresh.privateCount = isInt(snap.private_count) ? snap.private_count : 0;
  const v = isObject(snap.votes) ? snap.votes : {};
  fresh.votes = {
    mine: copyMine(v.mine),
    dotsLeft: isInt(v.dots_left) ? v.dots_left : fresh.controls.settings.vote_budget,
    dotsCast: isInt(v.dots_cast) ? v.dots_cast : 0,
    voters: isInt(v.voters) ? v.voters : 0,
    results: copyResults(v.results),
  };
  for (const c of comments) fresh.comments.set(c.id, copyComment(c, undefined));
  for (const r of Array.isArray(snap.reactions) ? snap.reactions : []) {
    if (!isObject(r) || !isText(r.target_kind) || !isInt(r.target_id)) continue;
    fresh.reactions.set(reactionKey(r.target_kind, r.target_id), {
      counts: isObject(r.counts) ? { ...r.counts } : {}, mine: Array.isArray(r.mine) ? r.mine.filter(isText) : [],
    });
  }
  for (const t of trials) fresh.trials.set(t.id, copyTrial(t, undefined));
  fresh.decisions = decisions.map(copyDecision).sort((a, b) => a.id - b.id);
  fresh.invites = copyInvites(snap.invites);
  fresh.seq = snap.seq;
  fresh.revision = state.revision + 1;
  Object.assign(state, fresh);
  return { ok: true, applied: true };
}

/**
 * Applies one event in seq order. An event at or below the state's seq has been
 * applied already and is skipped; one that does not follow it, or that does not fit
 * the state, is refused.
 * @param {SessionState} state
 * @param {any} event an event message (or the `event` of an `ack`)
 * @returns {ApplyResult}
 */
export function applyEvent(state, event) {
  if (!hasSnapshot(state)) return { ok: false, reason: 'event before the first snapshot' };
  if (!isObject(event) || !isInt(event.seq)) return { ok: false, reason: 'event without seq' };
  if (event.seq <= state.seq) return { ok: true, applied: false };
  if (event.seq !== state.seq + 1) return { ok: false, reason: 'gap: expected seq ' + (state.seq + 1) + ', got ' + event.seq };
  const handler = EVENT_HANDLERS[event.type];
  if (!handler) return { ok: false, reason: 'unknown event type ' + String(event.type) };
  const problem = handler.check(state, event);
  if (problem) return { ok: false, reason: event.type + ' (seq ' + event.seq + '): ' + problem };
  handler.apply(state, event);
  state.seq = event.seq;
  state.revision += 1;
  return { ok: true, applied: true };
}

/**
 * Applies the event an `ack` carries.
 * @param {SessionState} state
 * @param {any} ack an `ack` message
 * @returns {ApplyResult}
 */
export function applyAck(state, ack) {
  if (!isObject(ack) || !isObject(ack.event)) return { ok: false, reason: 'ack without event' };
  if (isInt(ack.seq) && ack.seq !== ack.event.seq) return { ok: false, reason: 'ack seq differs from its event' };
  return applyEvent(state, ack.event);
}

/**
 * Every event type with its handler, from the parts that own them. A type owned by two
 * parts would be a mistake: the module refuses to load.
 * @type {Record<string, EventHandler>}
 */
const EVENT_HANDLERS = {};
for (const part of [IDEA_EVENTS, VOTE_EVENTS, DISCUSSION_EVENTS, TRIAL_EVENTS, CONTROLS_EVENTS, ROSTER_EVENTS]) {
  for (const [type, handler] of Object.entries(part)) {
    if (Object.hasOwn(EVENT_HANDLERS, type)) throw new Error('event type ' + type + ' is handled twice');
    EVENT_HANDLERS[type] = handler;
  }
}

/** The event types this module knows, for tests and for routing messages. */
export const EVENT_TYPES = Object.freeze(Object.keys(EVENT_HANDLERS));
