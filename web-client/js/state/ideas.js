// @ts-check
// Ideas, columns and clusters in the session state (server/domain/board.*): checking and
// copying them, and the events that change them.

import { isInt, isObject, isText, copyPerson } from './check.js';
import { copyComment, checkComment, dropTarget, reactionKey } from './discussion.js';
import { applyVoteTotals, copyResults, returnDots } from './votes.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */
/** @typedef {import('../session-state.js').EventHandler} EventHandler */
/** @typedef {import('../session-state.js').Idea} Idea */
/** @typedef {import('../session-state.js').Column} Column */
/** @typedef {import('../session-state.js').Cluster} Cluster */

/** @param {any} idea @returns {string|null} what is wrong with it, or null */
export function checkIdea(idea) {
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
export function copyIdea(idea, known) {
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
export function checkIdeas(ideas) {
  if (!Array.isArray(ideas)) return 'ideas is not a list';
  for (const idea of ideas) {
    const bad = checkIdea(idea);
    if (bad) return bad;
  }
  return null;
}

/** @param {SessionState} state @param {any[]} ideas */
export function putIdeas(state, ideas) {
  for (const idea of ideas) state.ideas.set(idea.id, copyIdea(idea, state.ideas.get(idea.id)));
}

/**
 * Checks a `reranked` list: [[id, rank], ...].
 * @param {unknown} list
 */
export function badReranked(list) {
  if (list === undefined) return false;
  return !Array.isArray(list) || list.some((p) => !Array.isArray(p) || !isInt(p[0]) || typeof p[1] !== 'number');
}

/**
 * Gives ideas their new ranks; ids the client does not know are ignored (PROTOCOL.md).
 * @param {SessionState} state
 * @param {unknown} list
 */
export function applyReranked(state, list) {
  if (!Array.isArray(list)) return;
  for (const [id, rank] of list) {
    const idea = state.ideas.get(id);
    if (idea) idea.rank = rank;
  }
}

/**
 * The events about ideas, columns and clusters.
 * @type {Record<string, EventHandler>}
 */
export const IDEA_EVENTS = {
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
