// Unit tests of web-client/js/views/form.js: textLength counts a text's length as the
// server does (PROTOCOL.md, "Texts"), so its counters and limits agree; shortenAtWord
// makes a title from a longer text (a trial action's from its idea), cut at a word.
// And the create form's problems, field by field (start.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { shortenAtWord, textLength } from '../../../web-client/js/views/form.js';
import { createFormProblems, QUESTION_MAX } from '../../../web-client/js/views/start.js';

const cases = [
  ['', 0],
  ['abc', 3],
  ['  abc  ', 3],
  ['\n\tabc\r\n', 3],
  ['a\r\nb', 3], // CRLF counts as one line feed
  ['a\rb', 3],
  ['æøå', 3],
  ['idé', 3],
  ['👍🏽', 2], // two code points, four UTF-16 units
  ['a'.repeat(500), 500],
];
for (const [text, expected] of cases) {
  test(JSON.stringify(text) + ' has ' + expected + ' characters', () => assert.equal(textLength(text), expected));
}

describe('shortenAtWord', () => {
  const idea = 'A table tennis tournament across generations every Friday afternoon in the community hall, ' +
    'with young people from the youth club and residents of the nursing home playing in mixed pairs';

  test('a text that fits is kept, with its white space made single', () => {
    assert.equal(shortenAtWord('  Café for\n introverte   unge ', 120), 'Café for introverte unge');
    assert.equal(shortenAtWord('x'.repeat(120), 120), 'x'.repeat(120));
  });

  test('a long text is cut after the last whole word that fits, with an ellipsis', () => {
    const title = shortenAtWord(idea, 120);
    assert.equal(title, 'A table tennis tournament across generations every Friday afternoon in the community hall, ' +
      'with young people from the…');
    assert.ok(textLength(title) <= 120);
    assert.ok(idea.startsWith(title.slice(0, -1)));
  });

  test('punctuation before the cut goes, and a cut that falls between words keeps the last word', () => {
    assert.equal(shortenAtWord('one two, three four', 10), 'one two…');
    assert.equal(shortenAtWord('abcd efgh ijkl', 10), 'abcd efgh…'); // the 10th character is a space
    assert.equal(shortenAtWord('abcde fghij klm', 10), 'abcde…');
  });

  test('one long word is cut inside it; characters are code points', () => {
    assert.equal(shortenAtWord('a'.repeat(200), 120), 'a'.repeat(119) + '…');
    assert.equal(shortenAtWord('ab ' + 'c'.repeat(30), 10), 'ab ccccccc'.slice(0, 9) + '…');
    const emoji = '👍🏽'.repeat(100);
    assert.equal(textLength(shortenAtWord(emoji, 120)), 120);
    assert.equal(shortenAtWord('Ærø øer æbler', 9), 'Ærø øer…');
  });
});

describe('the create form, field by field', () => {
  const good = { title: 'Velfærd', question: 'Hvad er umuligt?', columns: ['Idéer', ''], voteBudget: '3', voteCap: '2' };
  /** @param {Record<string, unknown>} over */
  const problems = (over, follow = undefined, source = '') => createFormProblems({ ...good, ...over }, follow, source);

  test('a good form has none', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({}, { code: 'K7M4QX', facilitator_token: 'x' }, 'K7M4QX'), []);
  });

  test('each invalid field has its own message, in the order of the form', () => {
    const range = { min: 1, max: 20 };
    assert.deepEqual(problems({ title: ' ', question: '', columns: ['', ' '], voteBudget: '0', voteCap: '' }, null, 'link'), [
      { id: 'create-title', key: 'start.error.title' },
      { id: 'create-question', key: 'start.error.question' },
      { id: 'create-follow-link', key: 'followUp.bad' },
      { id: 'create-column-0', key: 'start.error.columns' },
      { id: 'create-budget', key: 'settings.range', params: range },
      { id: 'create-cap', key: 'settings.range', params: range },
    ]);
    assert.deepEqual(problems({ voteBudget: '2.5', voteCap: '21' }), [
      { id: 'create-budget', key: 'settings.range', params: range },
      { id: 'create-cap', key: 'settings.range', params: range },
    ]);
    assert.deepEqual(problems({}, null, 'K7M4QX'), [{ id: 'create-follow', key: 'followUp.bad' }]);
  });

  test('a question too long says the limit, counted as the server counts', () => {
    assert.deepEqual(problems({ question: 'x'.repeat(QUESTION_MAX + 1) }),
      [{ id: 'create-question', key: 'error.too_long', params: { limit: QUESTION_MAX } }]);
    assert.deepEqual(problems({ question: ' ' + '👍'.repeat(QUESTION_MAX) + '\n' }), []);
  });
});
