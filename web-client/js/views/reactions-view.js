// @ts-check
// The reactions on an idea or a trial action: five emoji buttons with their counts;
// the person's own reactions are pressed. Pressing one toggles it (`reaction.toggle`).

import { h, keyedList, setText } from '../dom.js';
import { t } from '../i18n.js';
import { reactionsOn } from '../selectors.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'run'|'state'>} ReactionsViewContext
 */

export const REACTION_EMOJI = Object.freeze({ like: '👍', love: '❤️', idea: '💡', question: '❓', celebrate: '🎉' });

/**
 * @param {ReactionsViewContext} ctl
 * @param {string} kind 'idea' or 'trial_action'
 * @param {number} id
 */
export function createReactions(ctl, kind, id) {
  const el = h('div', { class: 'reactions', attrs: { role: 'group' } });
  const list = keyedList(el, (item) => {
    const count = h('span', { class: 'reaction__count' });
    const button = h('button', {
      type: 'button', class: 'reaction', dataset: { reaction: item.reaction },
      on: { click: () => ctl.run({ type: 'reaction.toggle', target_kind: kind, target_id: id, reaction: item.reaction }) },
    }, h('span', { class: 'reaction__emoji', attrs: { 'aria-hidden': 'true' }, text: REACTION_EMOJI[/** @type {keyof typeof REACTION_EMOJI} */ (item.reaction)] }), count);
    return {
      el: button,
      /** @param {{reaction: string, count: number, mine: boolean}} r */
      update(r) {
        setText(count, r.count ? String(r.count) : '');
        button.setAttribute('aria-pressed', String(r.mine));
        button.setAttribute('aria-label', t('reaction.' + r.reaction) + (r.count ? ' (' + r.count + ')' : ''));
        button.title = t('reaction.' + r.reaction);
        button.disabled = !ctl.can('reaction.toggle');
        button.classList.toggle('reaction--empty', r.count === 0);
      },
    };
  });

  function update() {
    el.setAttribute('aria-label', t('reaction.label'));
    list.sync(reactionsOn(ctl.state, kind, id), (r) => r.reaction);
  }

  update();
  return { el, update };
}
