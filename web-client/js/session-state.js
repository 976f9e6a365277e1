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
/** @typedef {{id: number, at: string, by: Named, text: string}} Learning */
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
 * @property {Learning[]} learnings
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
 * @property {string} kind 'approve', 'park' or 'needs_check'
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

export const REACTIONS = Object.freeze(['like', 'love', 'idea', 'question', 'celebrate']);

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

/** @param {number} budget @returns {Votes} */
function emptyVotes(budget) {
  return { mine: new Map(), dotsLeft: budget, dotsCast: 0, voters: 0, results: null };
}

/**
 * True once the state holds a snapshot (and so can be resumed with `since`).
 * @param {SessionState} state
 */
export function hasSnapshot(state) {
  return state.seq >= 0;
}

/** @param {string} kind @param {number} id */
export function reactionKey(kind, id) {
  return kind + ':' + id;
}

// ---- checking and copying what the server sent ------------------------------------

/** @param {unknown} v @returns {v is number} */
function isInt(v) {
  return typeof v === 'number' && Number.isInteger(v);
}

/** @param {unknown} v @returns {v is string} */
function isText(v) {
  return typeof v === 'string';
}

/** @param {unknown} v @returns {v is Record<string, any>} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {any} v @returns {Person|null} */
function copyPerson(v) {
  if (!isObject(v) || !isInt(v.id)) return null;
  return { id: v.id, name: isText(v.name) ? v.name : '', role: isText(v.role) ? v.role : '' };
}

/** @param {any} v @returns {Named} */
function copyNamed(v) {
  return { id: isInt(v?.id) ? v.id : 0, name: isText(v?.name) ? v.name : '' };
}

/** @param {any} idea @returns {string|null} what is wrong with it, or null */
function checkIdea(idea) {
  if (!isObject(idea)) return 'idea is missing';
  if (!isInt(idea.id) || !isInt(idea.version) || !isText(idea.text)) return 'idea has a bad id, version or text';
  if (!isInt(idea.column) || typeof idea.rank !== 'number') return 'idea ' + idea.id + ' has a bad column or rank';
  if (idea.author !== null && idea.author !== undefined && !isObject(idea.author)) return 'idea ' + idea.id + ' has a bad author';
  return null;
}

/**
 * @param {any} idea a checked idea from the server
 * @param {Idea|undefined} known the idea as known before, to keep `mine`
 * @returns {Idea} a copy the state owns
 */
function copyIdea(idea, known) {
  return {
    id: idea.id,
    column: idea.column,
    rank: idea.rank,
    cluster: isInt(idea.cluster) ? idea.cluster : 0,
    text: idea.text,
    author: copyPerson(idea.author),
    // Authorship never changes; events about many ideas at once say false (PROTOCOL.md).
    mine: idea.mine === true || Boolean(known && known.mine),
    version: idea.version,
    created_at: isText(idea.created_at) ? idea.created_at : '',
    updated_at: isText(idea.updated_at) ? idea.updated_at : '',
    private: idea.private === true,
    moderated: idea.moderated === true,
    fate: isText(idea.fate) ? idea.fate : 'open',
    fate_reason: isText(idea.fate_reason) ? idea.fate_reason : '',
    merged_into: isInt(idea.merged_into) ? idea.merged_into : 0,
    trial_action: isInt(idea.trial_action) ? idea.trial_action : 0,
  };
}

/** @param {any[]} ideas @returns {string|null} */
function checkIdeas(ideas) {
  if (!Array.isArray(ideas)) return 'ideas is not a list';
  for (const idea of ideas) {
    const bad = checkIdea(idea);
    if (bad) return bad;
  }
  return null;
}

/**
 * Gives this participant's dots on an idea back (deleted, or merged while voting is open).
 * @param {SessionState} state
 * @param {number} ideaId
 */
function returnDots(state, ideaId) {
  const dots = state.votes.mine.get(ideaId) || 0;
  if (!dots) return;
  state.votes.mine.delete(ideaId);
  state.votes.dotsLeft += dots;
}

/**
 * Takes the totals of dots cast from an event that carries them.
 * @param {SessionState} state
 * @param {any} e
 */
function applyVoteTotals(state, e) {
  if (isInt(e.dots_cast)) state.votes.dotsCast = e.dots_cast;
  if (isInt(e.voters)) state.votes.voters = e.voters;
}

/** @param {SessionState} state @param {any[]} ideas */
function putIdeas(state, ideas) {
  for (const idea of ideas) state.ideas.set(idea.id, copyIdea(idea, state.ideas.get(idea.id)));
}

/** @param {any} c @returns {string|null} */
function checkComment(c) {
  if (!isObject(c) || !isInt(c.id) || !isInt(c.target_id) || !isText(c.target_kind) || !isText(c.text)) return 'bad comment';
  return null;
}

/** @param {any} c @param {Comment|undefined} known @returns {Comment} */
function copyComment(c, known) {
  return {
    id: c.id,
    target_kind: c.target_kind,
    target_id: c.target_id,
    text: c.text,
    author: copyPerson(c.author),
    mine: c.mine === true || Boolean(known && known.mine),
    created_at: isText(c.created_at) ? c.created_at : '',
    moderated: c.moderated === true,
  };
}

/** @param {any} t @returns {string|null} */
function checkTrial(t) {
  if (!isObject(t) || !isInt(t.id) || !isText(t.title) || !isInt(t.version)) return 'bad trial action';
  return null;
}

/** @param {any} l @returns {string|null} */
function checkLearning(l) {
  if (!isObject(l) || !isInt(l.id) || !isText(l.text)) return 'bad learning';
  return null;
}

/** @param {any} l @returns {Learning} */
function copyLearning(l) {
  return { id: isInt(l?.id) ? l.id : 0, at: isText(l?.at) ? l.at : '', by: copyNamed(l?.by), text: isText(l?.text) ? l.text : '' };
}

/**
 * @param {any} t a checked trial action from the server
 * @param {TrialAction|undefined} known the trial action as known before: events leave
 *   out `learnings` (they come one by one in `trial_action.learning_added`), so the
 *   learnings already known are kept
 * @returns {TrialAction}
 */
function copyTrial(t, known) {
  const text = (/** @type {unknown} */ v) => (isText(v) ? v : '');
  return {
    id: t.id,
    title: t.title,
    what: text(t.what),
    we_believe: text(t.we_believe),
    we_know_when: text(t.we_know_when),
    owners: Array.isArray(t.owners) ? t.owners.map(copyNamed) : [],
    start_date: text(t.start_date),
    review_date: text(t.review_date),
    status: text(t.status) || 'proposed',
    outcome: text(t.outcome) || 'none',
    from_ideas: Array.isArray(t.from_ideas) ? t.from_ideas.filter(isInt) : [],
    learnings: Array.isArray(t.learnings) ? t.learnings.map(copyLearning) : known ? known.learnings.slice() : [],
    version: t.version,
    created_at: text(t.created_at),
    updated_at: text(t.updated_at),
    origin: isObject(t.origin) ? { session: text(t.origin.session), trial_action: isInt(t.origin.trial_action) ? t.origin.trial_action : 0 } : null,
  };
}

/** @param {any} d @returns {string|null} */
function checkDecision(d) {
  if (!isObject(d) || !isInt(d.id) || !isText(d.target_kind) || !isInt(d.target_id) || !isText(d.kind)) return 'bad decision';
  return null;
}

/** @param {any} d @returns {Decision} */
function copyDecision(d) {
  return {
    id: d.id, target_kind: d.target_kind, target_id: d.target_id, kind: d.kind,
    note: isText(d.note) ? d.note : '',
    by: copyPerson(d.by) || { id: 0, name: '', role: '' },
    at: isText(d.at) ? d.at : '',
  };
}

/** @param {SessionState} state @param {Decision} decision */
function putDecision(state, decision) {
  const at = state.decisions.findIndex((d) => d.id === decision.id);
  if (at >= 0) state.decisions[at] = decision;
  else {
    state.decisions.push(decision);
    state.decisions.sort((a, b) => a.id - b.id);
  }
}

/** @param {any} c @returns {string|null} */
function checkControls(c) {
  if (!isObject(c) || !isText(c.phase) || !Array.isArray(c.phases) || !isObject(c.settings) || !isObject(c.timer)) return 'bad controls';
  return null;
}

/** @param {any} c @returns {Controls} */
function copyControls(c) {
  const s = c.settings;
  const num = (/** @type {unknown} */ v, /** @type {number} */ d) => (isInt(v) ? v : d);
  return {
    phase: c.phase,
    phases: c.phases.filter(isText),
    settings: {
      anonymity: isText(s.anonymity) ? s.anonymity : 'named',
      private_writing: s.private_writing === true,
      late_ideas: s.late_ideas === true,
      vote_budget: num(s.vote_budget, 3),
      vote_cap: num(s.vote_cap, 2),
      fold_threshold: num(s.fold_threshold, 3),
      join_by_code: s.join_by_code !== false,
      idea_quota: num(s.idea_quota, 30),
    },
    timer: {
      state: isText(c.timer.state) ? c.timer.state : 'idle',
      duration_ms: num(c.timer.duration_ms, 0),
      ends_at: isText(c.timer.ends_at) ? c.timer.ends_at : '',
      remaining_ms: num(c.timer.remaining_ms, 0),
    },
    locked: c.locked === true,
    votes_revealed: c.votes_revealed === true,
    focus: num(c.focus, 0),
    screen: copyScreen(c.screen),
    phase_started_at: isText(c.phase_started_at) ? c.phase_started_at : '',
  };
}

/** @param {any} s @returns {ScreenFocus} */
function copyScreen(s) {
  if (!isObject(s)) return { kind: 'none', id: 0 };
  if ((s.kind === 'idea' || s.kind === 'cluster') && isInt(s.id) && s.id > 0) return { kind: s.kind, id: s.id };
  return s.kind === 'results' ? { kind: 'results', id: 0 } : { kind: 'none', id: 0 };
}

/** @param {any} r @returns {Results|null} */
function copyResults(r) {
  if (!isObject(r)) return null;
  return {
    groups: Array.isArray(r.groups) ? r.groups.filter(isText) : [],
    voters: isObject(r.voters) ? { ...r.voters } : {},
    ideas: Array.isArray(r.ideas)
      ? r.ideas.filter((i) => isObject(i) && isInt(i.id)).map((i) => ({
        id: i.id, total: isInt(i.total) ? i.total : 0, by_group: isObject(i.by_group) ? { ...i.by_group } : {},
      }))
      : [],
  };
}

/** @param {unknown} mine @returns {Map<number, number>} */
function copyMine(mine) {
  /** @type {Map<number, number>} */
  const out = new Map();
  if (!isObject(mine)) return out;
  for (const [key, dots] of Object.entries(mine)) {
    const id = Number(key);
    if (Number.isInteger(id) && isInt(dots) && dots > 0) out.set(id, dots);
  }
  return out;
}

/** @param {any} s @returns {Session} */
function copySession(s) {
  const text = (/** @type {unknown} */ v) => (isText(v) ? v : '');
  return {
    id: text(s.id), code: text(s.code), title: text(s.title), question: text(s.question),
    status: text(s.status) || 'open', created_at: text(s.created_at),
    template: text(s.template) || 'idea_workshop', follow_up_of: text(s.follow_up_of),
  };
}

/** @param {any} list @returns {Invite[]} */
function copyInvites(list) {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((i) => ({
    role: String(i.role || ''), token: isText(i.token) ? i.token : '', active: i.active === true,
    created_at: isText(i.created_at) ? i.created_at : '',
  }));
}

/**
 * Checks a `reranked` list: [[id, rank], ...].
 * @param {unknown} list
 */
function badReranked(list) {
  if (list === undefined) return false;
  return !Array.isArray(list) || list.some((p) => !Array.isArray(p) || !isInt(p[0]) || typeof p[1] !== 'number');
}

/**
 * Gives ideas their new ranks; ids the client does not know are ignored (PROTOCOL.md).
 * @param {SessionState} state
 * @param {unknown} list
 */
function applyReranked(state, list) {
  if (!Array.isArray(list)) return;
  for (const [id, rank] of list) {
    const idea = state.ideas.get(id);
    if (idea) idea.rank = rank;
  }
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
 * Applies a `presence` or `presence.changed` message (they carry no seq).
 * @param {SessionState} state
 * @param {any} msg
 * @returns {boolean} whether it was one
 */
export function applyPresence(state, msg) {
  if (!isObject(msg)) return false;
  const counts = isObject(msg.counts) ? msg.counts : {};
  if (msg.type === 'presence') {
    /** @type {Map<number, PresenceEntry>|null} */
    let people = null;
    if (Array.isArray(msg.participants)) {
      people = new Map();
      for (const p of msg.participants) {
        if (isObject(p) && isInt(p.id)) people.set(p.id, copyPresenceEntry(p));
      }
    }
    const more = people && isInt(msg.more) && msg.more > 0 ? msg.more : 0;
    state.presence = { participants: people, counts: copyCounts(counts), more };
    return true;
  }
  if (msg.type === 'presence.changed') {
    if (Array.isArray(msg.participants)) {
      if (!state.presence.participants) state.presence.participants = new Map();
      for (const p of msg.participants) {
        if (isObject(p) && isInt(p.id)) state.presence.participants.set(p.id, copyPresenceEntry(p));
      }
    }
    // "counts has every role with at least one participant" (PROTOCOL.md, and what the
    // server sends), so a role whose last participant was removed is simply not listed.
    state.presence.counts = copyCounts(counts);
    return true;
  }
  return false;
}

/**
 * Applies an `invites` message (no seq; facilitators only): every invitation with its
 * link's token, '' where the server has none to show.
 * @param {SessionState} state
 * @param {any} msg
 * @returns {boolean} whether it was one
 */
export function applyInvites(state, msg) {
  if (!isObject(msg) || msg.type !== 'invites' || !Array.isArray(msg.invites)) return false;
  state.invites = copyInvites(msg.invites);
  state.inviteLinksKnown = true;
  return true;
}

/** @param {any} p @returns {PresenceEntry} */
function copyPresenceEntry(p) {
  return { id: p.id, name: isText(p.name) ? p.name : '', role: isText(p.role) ? p.role : '', online: p.online === true };
}

/** @param {Record<string, any>} counts */
function copyCounts(counts) {
  /** @type {Record<string, {online: number, total: number}>} */
  const out = {};
  for (const [role, c] of Object.entries(counts)) {
    if (isObject(c)) out[role] = { online: isInt(c.online) ? c.online : 0, total: isInt(c.total) ? c.total : 0 };
  }
  return out;
}

/**
 * How each event type is checked against the state and then applied. `check` returns
 * what is wrong (a string) or null; `apply` runs only after a null check.
 * @type {Record<string, {check: (s: SessionState, e: any) => string|null, apply: (s: SessionState, e: any) => void}>}
 */
const EVENT_HANDLERS = {
  'idea.added': {
    check(state, e) {
      return checkIdea(e.idea) || (badReranked(e.reranked) ? 'bad reranked' : null);
    },
    apply(state, e) {
      applyReranked(state, e.reranked);
      if (isInt(e.private_count)) state.privateCount = e.private_count;
      else if (e.idea.private === true && !state.ideas.has(e.idea.id)) state.privateCount += 1;
      putIdeas(state, [e.idea]);
    },
  },
  'idea.edited': {
    check(state, e) {
      if (!state.ideas.has(e.id)) return 'unknown idea ' + e.id;
      return isText(e.text) && isInt(e.version) ? null : 'bad text or version';
    },
    apply(state, e) {
      const idea = /** @type {Idea} */ (state.ideas.get(e.id));
      idea.text = e.text;
      idea.version = e.version;
      if (isText(e.updated_at)) idea.updated_at = e.updated_at;
    },
  },
  'idea.moved': {
    check(state, e) {
      if (!state.ideas.has(e.id)) return 'unknown idea ' + e.id;
      if (!isInt(e.column) || typeof e.rank !== 'number' || !isInt(e.version)) return 'bad column, rank or version';
      return badReranked(e.reranked) ? 'bad reranked' : null;
    },
    apply(state, e) {
      applyReranked(state, e.reranked);
      const idea = /** @type {Idea} */ (state.ideas.get(e.id));
      idea.column = e.column;
      idea.rank = e.rank;
      idea.cluster = isInt(e.cluster) ? e.cluster : 0;
      idea.version = e.version;
      if (isText(e.updated_at)) idea.updated_at = e.updated_at;
    },
  },
  'idea.deleted': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      const known = state.ideas.get(e.id);
      if (isInt(e.private_count)) state.privateCount = e.private_count;
      else if (known && known.private) state.privateCount = Math.max(0, state.privateCount - 1);
      applyVoteTotals(state, e);
      state.ideas.delete(e.id);
      dropTarget(state, 'idea', e.id);
      if (state.votes.mine.get(e.id)) returnDots(state, e.id);  // PROTOCOL.md: "and any dots on it"
      if (state.votes.results) state.votes.results.ideas = state.votes.results.ideas.filter((r) => r.id !== e.id);
    },
  },
  'idea.updated': {
    check(state, e) {
      if (e.comments !== undefined && (!Array.isArray(e.comments) || e.comments.some((c) => checkComment(c) !== null))) {
        return 'bad comments';
      }
      return checkIdea(e.idea);
    },
    apply(state, e) {
      putIdeas(state, [e.idea]);
      // An idea shown again comes with what was said about it while it was hidden.
      if (Array.isArray(e.comments)) {
        for (const c of e.comments) state.comments.set(c.id, copyComment(c, state.comments.get(c.id)));
      }
      if (isObject(e.reactions) && isObject(e.reactions.counts)) {
        const key = reactionKey('idea', e.idea.id);
        const known = state.reactions.get(key);
        state.reactions.set(key, { counts: { ...e.reactions.counts }, mine: known ? known.mine : [] });
      }
    },
  },
  'idea.withdrawn': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      // Its comments stay in the state (out of view with the idea), so that they are
      // there again if the facilitator shows the idea again.
      state.ideas.delete(e.id);
    },
  },
  'ideas.revealed': {
    check(state, e) {
      return checkIdeas(e.ideas);
    },
    apply(state, e) {
      putIdeas(state, e.ideas);
      state.privateCount = 0;
    },
  },
  'ideas.merged': {
    check(state, e) {
      return checkIdea(e.into) || checkIdeas(e.absorbed);
    },
    apply(state, e) {
      putIdeas(state, [e.into, ...e.absorbed]);
      if (e.dots_returned === true) {
        // While voting is open, dots on merged-away ideas go back to their voters.
        for (const idea of e.absorbed) returnDots(state, idea.id);
      }
      applyVoteTotals(state, e);
      if (e.results !== undefined) state.votes.results = copyResults(e.results);
    },
  },
  'column.added': {
    check(state, e) {
      if (!isObject(e.column) || !isInt(e.column.id) || !isText(e.column.title)) return 'bad column';
      if (state.columns.some((c) => c.id === e.column.id)) return 'column ' + e.column.id + ' exists already';
      return isInt(e.index) && e.index >= 0 ? null : 'bad index';
    },
    apply(state, e) {
      state.columns.splice(Math.min(e.index, state.columns.length), 0, { id: e.column.id, title: e.column.title });
    },
  },
  'column.renamed': {
    check(state, e) {
      if (!state.columns.some((c) => c.id === e.id)) return 'unknown column ' + e.id;
      return isText(e.title) ? null : 'bad title';
    },
    apply(state, e) {
      /** @type {Column} */ (state.columns.find((c) => c.id === e.id)).title = e.title;
    },
  },
  'column.moved': {
    check(state, e) {
      if (!state.columns.some((c) => c.id === e.id)) return 'unknown column ' + e.id;
      return isInt(e.index) && e.index >= 0 ? null : 'bad index';
    },
    apply(state, e) {
      const at = state.columns.findIndex((c) => c.id === e.id);
      const [column] = state.columns.splice(at, 1);
      state.columns.splice(Math.min(e.index, state.columns.length), 0, column);
    },
  },
  'column.deleted': {
    check(state, e) {
      if (!state.columns.some((c) => c.id === e.id)) return 'unknown column ' + e.id;
      for (const idea of state.ideas.values()) {
        if (idea.column === e.id && idea.fate !== 'merged') return 'column ' + e.id + ' is not empty';
      }
      return null;
    },
    apply(state, e) {
      state.columns = state.columns.filter((c) => c.id !== e.id);
      for (const [id, cluster] of state.clusters) if (cluster.column === e.id) state.clusters.delete(id);
    },
  },
  'cluster.created': {
    check(state, e) {
      const c = e.cluster;
      if (!isObject(c) || !isInt(c.id) || !isInt(c.column) || !isText(c.name)) return 'bad cluster';
      if (e.ideas !== undefined && (!Array.isArray(e.ideas) || !e.ideas.every(isInt))) return 'bad ideas';
      return null;
    },
    apply(state, e) {
      state.clusters.set(e.cluster.id, { id: e.cluster.id, column: e.cluster.column, name: e.cluster.name });
      for (const id of e.ideas || []) {
        const idea = state.ideas.get(id);
        if (idea) idea.cluster = e.cluster.id;
      }
    },
  },
  'cluster.renamed': {
    check(state, e) {
      if (!state.clusters.has(e.id)) return 'unknown cluster ' + e.id;
      return isText(e.name) ? null : 'bad name';
    },
    apply(state, e) {
      /** @type {Cluster} */ (state.clusters.get(e.id)).name = e.name;
    },
  },
  'cluster.deleted': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      state.clusters.delete(e.id);
      for (const idea of state.ideas.values()) if (idea.cluster === e.id) idea.cluster = 0;
    },
  },
  'vote.updated': {
    check(state, e) {
      if (!isObject(e.mine) || !isInt(e.dots_left)) return 'bad mine or dots_left';
      return null;
    },
    apply(state, e) {
      state.votes.mine = copyMine(e.mine);
      state.votes.dotsLeft = e.dots_left;
      if (isInt(e.dots_cast)) state.votes.dotsCast = e.dots_cast;
      if (isInt(e.voters)) state.votes.voters = e.voters;
    },
  },
  'votes.progress': {
    check(state, e) {
      return isInt(e.dots_cast) && isInt(e.voters) ? null : 'bad dots_cast or voters';
    },
    apply(state, e) {
      state.votes.dotsCast = e.dots_cast;
      state.votes.voters = e.voters;
    },
  },
  'votes.revealed': {
    check(state, e) {
      return isObject(e.results) ? null : 'no results';
    },
    apply(state, e) {
      state.votes.results = copyResults(e.results);
      if (checkControls(e.controls) === null) state.controls = copyControls(e.controls);
      else if (state.controls) state.controls.votes_revealed = true;
    },
  },
  'votes.reset': {
    check() {
      return null;
    },
    apply(state, e) {
      if (checkControls(e.controls) === null) state.controls = copyControls(e.controls);
      else if (state.controls) state.controls.votes_revealed = false;
      state.votes = emptyVotes(state.controls ? state.controls.settings.vote_budget : 0);
    },
  },
  'comment.added': {
    check(state, e) {
      return checkComment(e.comment);
    },
    apply(state, e) {
      state.comments.set(e.comment.id, copyComment(e.comment, state.comments.get(e.comment.id)));
    },
  },
  'comment.updated': {
    check(state, e) {
      return checkComment(e.comment);
    },
    apply(state, e) {
      state.comments.set(e.comment.id, copyComment(e.comment, state.comments.get(e.comment.id)));
    },
  },
  'comment.withdrawn': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      state.comments.delete(e.id);
    },
  },
  'comment.deleted': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      state.comments.delete(e.id);
    },
  },
  'reactions.updated': {
    check(state, e) {
      if (!isText(e.target_kind) || !isInt(e.target_id) || !isObject(e.counts)) return 'bad target or counts';
      if (e.mine !== undefined && !Array.isArray(e.mine)) return 'bad mine';
      return null;
    },
    apply(state, e) {
      const key = reactionKey(e.target_kind, e.target_id);
      const known = state.reactions.get(key);
      const mine = Array.isArray(e.mine) ? e.mine.filter(isText) : known ? known.mine : [];
      state.reactions.set(key, { counts: { ...e.counts }, mine });
    },
  },
  'trial_action.saved': {
    check(state, e) {
      return checkTrial(e.trial_action) || (e.ideas === undefined ? null : checkIdeas(e.ideas));
    },
    apply(state, e) {
      state.trials.set(e.trial_action.id, copyTrial(e.trial_action, state.trials.get(e.trial_action.id)));
      if (e.ideas) putIdeas(state, e.ideas);
    },
  },
  'trial_action.learning_added': {
    check(state, e) {
      if (!state.trials.has(e.trial_action)) return 'unknown trial action ' + e.trial_action;
      return checkLearning(e.learning) || (isInt(e.version) ? null : 'bad version');
    },
    apply(state, e) {
      const trial = /** @type {TrialAction} */ (state.trials.get(e.trial_action));
      if (!trial.learnings.some((l) => l.id === e.learning.id)) trial.learnings.push(copyLearning(e.learning));
      trial.version = e.version;
      if (isText(e.updated_at)) trial.updated_at = e.updated_at;
    },
  },
  'trial_action.deleted': {
    check(state, e) {
      if (!isInt(e.id)) return 'bad id';
      return e.ideas === undefined ? null : checkIdeas(e.ideas);
    },
    apply(state, e) {
      state.trials.delete(e.id);
      dropTarget(state, 'trial_action', e.id);
      if (e.ideas) putIdeas(state, e.ideas);
    },
  },
  'decision.recorded': {
    check(state, e) {
      return checkDecision(e.decision) ||
        (e.idea !== undefined && e.idea !== null ? checkIdea(e.idea) : null) ||
        (e.trial_action !== undefined && e.trial_action !== null ? checkTrial(e.trial_action) : null);
    },
    apply(state, e) {
      putDecision(state, copyDecision(e.decision));
      if (e.idea) putIdeas(state, [e.idea]);
      if (e.trial_action) state.trials.set(e.trial_action.id, copyTrial(e.trial_action, state.trials.get(e.trial_action.id)));
    },
  },
  'controls.updated': {
    check(state, e) {
      return checkControls(e.controls);
    },
    apply(state, e) {
      const before = state.controls;
      state.controls = copyControls(e.controls);
      // Nothing was cast yet: the dots left follow a new budget.
      if (before && state.votes.mine.size === 0 && before.settings.vote_budget !== state.controls.settings.vote_budget) {
        state.votes.dotsLeft = state.controls.settings.vote_budget;
      }
    },
  },
  'invites.updated': {
    check(state, e) {
      return Array.isArray(e.invites) ? null : 'bad invites';
    },
    apply(state, e) {
      // Without tokens: the `invites` message that follows brings the links.
      state.invites = copyInvites(e.invites);
      state.inviteLinksKnown = false;
    },
  },
  'participant.removed': {
    check(state, e) {
      if (!isInt(e.id)) return 'bad id';
      // What the removal hid: replaced for those who still see it, withdrawn for the rest.
      for (const key of ['withdrawn_ideas', 'withdrawn_comments']) {
        if (e[key] !== undefined && (!Array.isArray(e[key]) || !e[key].every(isInt))) return `bad ${key}`;
      }
      if (e.ideas !== undefined) {
        const bad = Array.isArray(e.ideas) ? checkIdeas(e.ideas) : 'bad ideas';
        if (bad) return bad;
      }
      if (e.comments !== undefined && (!Array.isArray(e.comments) || e.comments.some((c) => checkComment(c) !== null))) {
        return 'bad comments';
      }
      return null;
    },
    apply(state, e) {
      state.removed.add(e.id);
      state.presence.participants?.delete(e.id);
      if (Array.isArray(e.ideas)) putIdeas(state, e.ideas);
      for (const id of e.withdrawn_ideas ?? []) state.ideas.delete(id);
      if (Array.isArray(e.comments)) {
        for (const c of e.comments) state.comments.set(c.id, copyComment(c, state.comments.get(c.id)));
      }
      for (const id of e.withdrawn_comments ?? []) state.comments.delete(id);
    },
  },
  'session.updated': {
    check(state, e) {
      return isObject(e.session) ? null : 'bad session';
    },
    apply(state, e) {
      state.session = copySession({ ...state.session, ...e.session });
    },
  },
  'session.closed': {
    check(state, e) {
      return isObject(e.session) ? null : 'bad session';
    },
    apply(state, e) {
      state.session = copySession({ ...state.session, ...e.session, status: 'closed' });
    },
  },
  'unseen': {
    check(state, e) {
      if (e.private_count !== undefined && !isInt(e.private_count)) return 'bad private_count';
      return badReranked(e.reranked) ? 'bad reranked' : null;
    },
    apply(state, e) {
      if (isInt(e.private_count)) state.privateCount = e.private_count;
      applyReranked(state, e.reranked);
    },
  },
};

/**
 * Forgets the comments and reactions of something that is gone.
 * @param {SessionState} state
 * @param {string} kind
 * @param {number} id
 */
function dropTarget(state, kind, id) {
  for (const [cid, c] of state.comments) if (c.target_kind === kind && c.target_id === id) state.comments.delete(cid);
  state.reactions.delete(reactionKey(kind, id));
}

/** The event types this module knows, for tests and for routing messages. */
export const EVENT_TYPES = Object.freeze(Object.keys(EVENT_HANDLERS));
