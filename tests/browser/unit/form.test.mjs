// Unit tests of textLength in web-client/js/views/form.js: the client counts a text's
// length as the server does (PROTOCOL.md, "Texts"), so its counters and limits agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textLength } from '../../../web-client/js/views/form.js';

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
