// Unit tests of web-client/js/i18n.js and strings.js: every text exists in Danish,
// Norwegian Bokmål and English, every error code of PROTOCOL.md has a message in each,
// and the language is chosen as the brief says.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STRINGS } from '../../../web-client/js/strings.js';
import { chooseLanguage, translate, errorText, formatDay, LANGUAGES } from '../../../web-client/js/i18n.js';

const PROTOCOL = fileURLToPath(new URL('../../../protocol/PROTOCOL.md', import.meta.url));

/** The codes in the first column of PROTOCOL.md's "## Errors" table (a cell may list several). */
function protocolErrorCodes() {
  const text = readFileSync(PROTOCOL, 'utf8');
  const section = text.split(/^## Errors\s*$/m)[1].split(/^## /m)[0];
  const codes = [];
  for (const line of section.split('\n')) {
    const cell = /^\|([^|]*)\|/.exec(line);
    if (!cell) continue;
    for (const match of cell[1].matchAll(/`([a-z_]+)`/g)) codes.push(match[1]);
  }
  return codes;
}

describe('strings', () => {
  test('the three languages have the same keys', () => {
    const en = Object.keys(STRINGS.en).sort();
    assert.deepEqual(Object.keys(STRINGS.da).sort(), en);
    assert.deepEqual(Object.keys(STRINGS.nb).sort(), en);
    assert.deepEqual(LANGUAGES.map((l) => l.code), ['da', 'nb', 'en']);
  });

  test('no text is empty, and placeholders match across languages', () => {
    for (const key of Object.keys(STRINGS.en)) {
      const names = (s) => (s.match(/\{\w+\}/g) || []).sort();
      for (const lang of ['da', 'nb', 'en']) {
        assert.ok(STRINGS[lang][key].trim(), lang + ' ' + key + ' is empty');
        assert.deepEqual(names(STRINGS[lang][key]), names(STRINGS.en[key]), lang + ' ' + key);
      }
    }
  });

  test('PROTOCOL.md lists the error codes we expect to parse', () => {
    const codes = protocolErrorCodes();
    assert.ok(codes.length >= 20, 'parsed ' + codes.length + ' codes');
    assert.ok(codes.includes('stale_version'));
    assert.ok(codes.includes('invalid_token'));
    assert.ok(codes.includes('participant_not_found'), 'every code of a cell that lists several');
  });

  for (const lang of ['da', 'nb', 'en']) {
    test('every error code of PROTOCOL.md has a message in ' + lang, () => {
      for (const code of protocolErrorCodes()) {
        assert.ok(STRINGS[lang]['error.' + code], lang + ': no message for ' + code);
        assert.notEqual(errorText(lang, { code }), translate(lang, 'error.unknown', { code }));
      }
    });
  }

  test('the default columns are the ones the users use', () => {
    assert.deepEqual(STRINGS.da['start.defaultColumns'].split('\n'), ['Idéer', 'Til drøftelse', 'Klar til afprøvning']);
    assert.deepEqual(STRINGS.nb['start.defaultColumns'].split('\n'), ['Idéer', 'Til drøfting', 'Klar til utprøving']);
    assert.deepEqual(STRINGS.en['start.defaultColumns'].split('\n'), ['Ideas', 'To discuss', 'Ready to try']);
  });
});

describe('chooseLanguage', () => {
  const cases = [
    [['da-DK', 'en'], null, 'da'],
    [['da'], null, 'da'],
    [['nb-NO'], null, 'nb'],
    [['no'], null, 'nb'],
    [['nn-NO', 'en'], null, 'nb'],
    [['en-GB', 'da'], null, 'en'],
    [['de-DE', 'da'], null, 'da'],
    [['sv-SE', 'de'], null, 'en'],
    [[], null, 'en'],
    [['da-DK'], 'en', 'en'],
    [['en'], 'nb', 'nb'],
    [['nb'], 'fr', 'nb'],
  ];
  for (const [preferred, stored, expected] of cases) {
    test(JSON.stringify(preferred) + ' stored ' + stored + ' → ' + expected, () => {
      assert.equal(chooseLanguage(preferred, stored), expected);
    });
  }
});

describe('translate and errorText', () => {
  test('fills placeholders and leaves unknown ones', () => {
    assert.equal(translate('da', 'join.continueAs', { name: 'Anna' }), 'Fortsæt som Anna');
    assert.equal(translate('en', 'join.continueAs'), 'Continue as {name}');
  });

  test('a missing key shows the key', () => {
    assert.equal(translate('nb', 'no.such.key'), 'no.such.key');
  });

  test('limits go into the message', () => {
    assert.equal(errorText('da', { code: 'too_long', limit: 500 }), 'Teksten er for lang (højst 500 tegn).');
    assert.equal(errorText('nb', { code: 'limit_reached', limit: 20 }), 'Grensen er nådd (høyst 20).');
  });

  test('being too fast says when one can carry on, in whole seconds', () => {
    assert.equal(errorText('da', { code: 'rate_limited', retry_after: 3 }), 'Lige et øjeblik – du kan fortsætte om 3 sekunder.');
    assert.equal(errorText('nb', { code: 'rate_limited', retry_after: 1 }), 'Bare et øyeblikk – du kan fortsette om 1 sekund.');
    assert.equal(errorText('en', { code: 'rate_limited', retry_after: 0.2 }), 'One moment – you can carry on in 1 second.');
    assert.equal(errorText('en', { code: 'rate_limited', retry_after: 4.5 }), 'One moment – you can carry on in 5 seconds.');
    assert.equal(errorText('en', { code: 'rate_limited' }), STRINGS.en['error.rate_limited'], 'without retry_after: the general text');
  });

  test("the idea quota says how many ideas the facilitator allows per person and phase", () => {
    assert.equal(errorText('da', { code: 'limit_reached', field: 'idea_quota', limit: 2 }),
      'Facilitatoren tillader 2 idéer pr. person i denne fase, og du har skrevet dem.');
    assert.equal(errorText('nb', { code: 'limit_reached', field: 'idea_quota', limit: 1 }),
      'Fasilitatoren tillater 1 idé per person i denne fasen, og du har skrevet den.');
    assert.equal(errorText('en', { code: 'limit_reached', field: 'idea_quota', limit: 30 }),
      'The facilitator allows 30 ideas per person in this phase, and you have written them.');
    assert.equal(errorText('en', { code: 'limit_reached', limit: 5000 }), 'The limit has been reached (at most 5000).', 'other limits as before');
  });

  test('an unknown code gets a general message with the code', () => {
    assert.equal(errorText('en', { code: 'vote_budget_spent' }), 'Something went wrong (vote_budget_spent).');
    assert.equal(errorText('en', null), STRINGS.en['error.internal_error']);
  });

  test('the client codes network and tooMany have messages', () => {
    for (const lang of ['da', 'nb', 'en']) {
      assert.equal(errorText(lang, { code: 'network' }), STRINGS[lang]['error.network']);
      assert.equal(errorText(lang, { code: 'tooMany' }), STRINGS[lang]['error.tooMany']);
    }
  });
});

describe('the day of a time from the server (the printed outcome)', () => {
  test('in each language, in the local time zone; nothing for a bad time', () => {
    // Midday UTC is the same day in every time zone people live in.
    assert.equal(formatDay('2026-11-23T12:00:00.000Z', 'da'), '23. november 2026');
    assert.equal(formatDay('2026-11-23T12:00:00.000Z', 'nb'), '23. november 2026');
    assert.equal(formatDay('2026-11-23T12:00:00.000Z', 'en'), '23 November 2026');
    assert.equal(formatDay('', 'da'), '');
    assert.equal(formatDay('not a time', 'en'), '');
  });
});
