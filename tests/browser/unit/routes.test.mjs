// Unit tests of web-client/js/codes.js and routes.js: join codes as people type them,
// and the client's addresses.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCode, displayCode, CODE_ALPHABET } from '../../../web-client/js/codes.js';
import {
  parseRoute, joinPath, boardPath, facilitatorLink, tokenFromFragment, inviteLink, inviteFromFragment, viewFromSearch, screenPath,
  workspacePath, workspaceLink, workspaceNewPath, workspacePortfolioPath, trialPath, trialLink, outcomePath, workspaceFromSearch,
} from '../../../web-client/js/routes.js';
import { currentLink, peopleText } from '../../../web-client/js/views/workspace.js';
import { setLanguage } from '../../../web-client/js/i18n.js';
import { followUpFromLink } from '../../../web-client/js/views/start.js';

describe('join codes', () => {
  const cases = [
    ['K7M4QX', 'K7M4QX'],
    ['k7m4qx', 'K7M4QX'],
    ['K7M-4QX', 'K7M4QX'],
    ['k7m-4qx', 'K7M4QX'],
    [' K7M 4QX ', 'K7M4QX'],
    ['K7M--4QX', 'K7M4QX'],
    ['K7M4Q', null],
    ['K7M4QXA', null],
    ['K0M4QX', null], // 0 is not in the alphabet
    ['K1M4QX', null],
    ['KIM4QX', null],
    ['KLM4QX', null],
    ['KOM4QX', null],
    ['K7M_4QX', null],
    ['', null],
    [null, null],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input) + ' → ' + expected, () => assert.equal(normalizeCode(input), expected));
  }

  test('the alphabet has no look-alikes', () => {
    assert.equal(CODE_ALPHABET.length, 31);
    for (const ch of '01ILO') assert.equal(CODE_ALPHABET.includes(ch), false);
  });

  test('display form has a dash in the middle', () => {
    assert.equal(displayCode('K7M4QX'), 'K7M-4QX');
    assert.equal(displayCode('ABC'), 'ABC');
  });
});

describe('routes', () => {
  const cases = [
    ['/', { name: 'start' }],
    ['', { name: 'start' }],
    ['/join', { name: 'join', code: '', raw: '' }],
    ['/join/', { name: 'join', code: '', raw: '' }],
    ['/join/K7M4QX', { name: 'join', code: 'K7M4QX', raw: 'K7M4QX' }],
    ['/join/k7m-4qx', { name: 'join', code: 'K7M4QX', raw: 'k7m-4qx' }],
    ['/join/nonsense', { name: 'join', code: '', raw: 'nonsense' }],
    ['/board/K7M4QX', { name: 'board', code: 'K7M4QX', raw: 'K7M4QX' }],
    ['/board/k7m-4qx', { name: 'board', code: 'K7M4QX', raw: 'k7m-4qx' }],
    ['/board/bad', { name: 'board', code: null, raw: 'bad' }],
    ['/board/%E0%A4%A', { name: 'board', code: null, raw: '%E0%A4%A' }],
    ['/board', { name: 'notFound' }],
    ['/board/K7M4QX/extra', { name: 'notFound' }],
    ['/elsewhere', { name: 'notFound' }],
  ];
  for (const [path, expected] of cases) {
    test(JSON.stringify(path), () => assert.deepEqual(parseRoute(path), expected));
  }

  test('paths and the facilitator link', () => {
    assert.equal(joinPath('K7M4QX'), '/join/K7M4QX');
    assert.equal(boardPath('K7M4QX'), '/board/K7M4QX');
    assert.equal(facilitatorLink('http://10.0.0.5:8080', 'K7M4QX', 'nD3u-0mX_7k'),
      'http://10.0.0.5:8080/board/K7M4QX#token=nD3u-0mX_7k');
  });

  const fragments = [
    ['#token=abc', 'abc'],
    ['token=abc', 'abc'],
    ['#token=a%2Bb', 'a+b'],
    ['#token=', null],
    ['#app', null],
    ['', null],
    ['#other=1&token=xyz', 'xyz'],
  ];
  for (const [hash, expected] of fragments) {
    test('token from ' + JSON.stringify(hash), () => assert.equal(tokenFromFragment(hash), expected));
  }

  test('a token survives the round trip through the link', () => {
    const token = 'nD3u0mX7kQ2w9Zr1bV5yT8aL4cE6hJ0pS3fG7iK2oM9';
    const link = new URL(facilitatorLink('http://127.0.0.1:8080', 'K7M4QX', token));
    assert.equal(tokenFromFragment(link.hash), token);
  });
});

describe('workspace pages and links', () => {
  test('a workspace path names a 16-character id, nothing else', () => {
    assert.deepEqual(parseRoute('/workspace/hV3kq9ZtR2xY7bNa'), { name: 'workspace', id: 'hV3kq9ZtR2xY7bNa' });
    assert.deepEqual(parseRoute('/workspace/hV3kq9ZtR2xY7bN_'), { name: 'workspace', id: 'hV3kq9ZtR2xY7bN_' });
    assert.deepEqual(parseRoute('/workspace/hV3kq9ZtR2xY7bNa/new'), { name: 'workspaceNew', id: 'hV3kq9ZtR2xY7bNa' });
    for (const bad of ['/workspace', '/workspace/', '/workspace/short', '/workspace/hV3kq9ZtR2xY7bNa/x',
      '/workspace/hV3kq9ZtR2xY7bN%2F', '/workspace/hV3kq9ZtR2xY7bNaa', '/workspace/short/new',
      '/workspace/hV3kq9ZtR2xY7bNa/new/x', '/workspace/hV3kq9ZtR2xY7bNa/New']) {
      assert.deepEqual(parseRoute(bad), { name: 'notFound' }, bad);
    }
  });

  test('a link carries the token in the fragment, and it comes back', () => {
    assert.equal(workspacePath('hV3kq9ZtR2xY7bNa'), '/workspace/hV3kq9ZtR2xY7bNa');
    const link = workspaceLink('https://samskab.example.dk', 'hV3kq9ZtR2xY7bNa', 'tok-_en');
    assert.equal(link, 'https://samskab.example.dk/workspace/hV3kq9ZtR2xY7bNa#token=tok-_en');
    assert.equal(tokenFromFragment(new URL(link).hash), 'tok-_en');
  });

  test('the form that starts a workshop in a workspace, and a follow-up of one of its sessions', () => {
    assert.equal(workspaceNewPath('hV3kq9ZtR2xY7bNa'), '/workspace/hV3kq9ZtR2xY7bNa/new');
    const follow = new URL(workspaceNewPath('hV3kq9ZtR2xY7bNa', 'a b&c'), 'https://x.dk');
    assert.deepEqual(parseRoute(follow.pathname), { name: 'workspaceNew', id: 'hV3kq9ZtR2xY7bNa' });
    assert.equal(follow.searchParams.get('follow'), 'a b&c');
  });

  test("a workspace's portfolio, with its filters in the query string", () => {
    assert.deepEqual(parseRoute('/workspace/hV3kq9ZtR2xY7bNa/portfolio'), { name: 'workspacePortfolio', id: 'hV3kq9ZtR2xY7bNa' });
    assert.equal(workspacePortfolioPath('hV3kq9ZtR2xY7bNa'), '/workspace/hV3kq9ZtR2xY7bNa/portfolio');
    const filtered = new URL(workspacePortfolioPath('hV3kq9ZtR2xY7bNa', '?status=running&overdue=true'), 'https://x.dk');
    assert.deepEqual(parseRoute(filtered.pathname), { name: 'workspacePortfolio', id: 'hV3kq9ZtR2xY7bNa' });
    assert.equal(filtered.search, '?status=running&overdue=true');
    for (const bad of ['/workspace/short/portfolio', '/workspace/hV3kq9ZtR2xY7bNa/portfolio/x', '/workspace/hV3kq9ZtR2xY7bNa/Portfolio',
      '/workspace/hV3kq9ZtR2xY7bNa/portfolios']) {
      assert.deepEqual(parseRoute(bad), { name: 'notFound' }, bad);
    }
  });

  test("a session's people are counted by role, the most first", () => {
    setLanguage('en');
    assert.equal(peopleText({ participants: { facilitator: 1, citizen: 8, staff: 3 }, ideas: 0, trial_actions: 0 }),
      '12 participants: citizen 8, staff 3, facilitator 1');
    assert.equal(peopleText({ participants: { facilitator: 1 }, ideas: 0, trial_actions: 0 }), '1 participant: facilitator 1');
    setLanguage('da');
    assert.equal(peopleText({ participants: {}, ideas: 0, trial_actions: 0 }), '0 deltagere');
  });

  test("a role's link is its newest one", () => {
    const w = { id: 'w', name: 'W', created_at: '', role: 'admin', links: [
      { role: 'manager', token: '', active: false, created_at: '1' },
      { role: 'admin', token: 'a', active: true, created_at: '2' },
      { role: 'manager', token: 'm', active: true, created_at: '3' }] };
    assert.equal(currentLink(w, 'manager')?.token, 'm');
    assert.equal(currentLink(w, 'admin')?.token, 'a');
    assert.equal(currentLink(w, 'viewer'), null);
  });
});

describe('invitation links and views', () => {
  test('an invitation link carries the token and the role in the fragment', () => {
    const link = inviteLink('http://10.0.0.5:8080', 'K7M4QX', 'Xc2+/=', 'manager');
    assert.equal(link, 'http://10.0.0.5:8080/join/K7M4QX#invite=Xc2%2B%2F%3D&role=manager');
    assert.deepEqual(inviteFromFragment(new URL(link).hash), { invite: 'Xc2+/=', role: 'manager' });
  });

  const fragments = [
    ['#invite=abc', { invite: 'abc', role: null }],
    ['#invite=abc&role=co_facilitator', { invite: 'abc', role: 'co_facilitator' }],
    ['#invite=abc&role=<script>', { invite: 'abc', role: null }],
    ['#invite=', null],
    ['#token=abc', null],
    ['', null],
  ];
  for (const [hash, expected] of fragments) {
    test('invitation from ' + JSON.stringify(hash), () => assert.deepEqual(inviteFromFragment(hash), expected));
  }

  test('the view asked for', () => {
    assert.equal(viewFromSearch('?view=screen'), 'screen');
    assert.equal(viewFromSearch('?view=board'), 'board');
    assert.equal(viewFromSearch('?view=other'), null);
    assert.equal(viewFromSearch(''), null);
    assert.equal(screenPath('K7M4QX'), '/board/K7M4QX?view=screen');
  });
});

describe('the earlier session of a follow-up', () => {  const cases = [
    ['http://10.0.0.5:8080/board/K7M4QX#token=abc', '', { code: 'K7M4QX', facilitator_token: 'abc' }],
    ['  http://10.0.0.5:8080/board/k7m-4qx#token=abc  ', 'ZZZZZZ', { code: 'K7M4QX', facilitator_token: 'abc' }],
    ['#token=abc', 'k7m-4qx', { code: 'K7M4QX', facilitator_token: 'abc' }],
    ['http://10.0.0.5:8080/board/K7M4QX', '', null],
    ['http://10.0.0.5:8080/join/K7M4QX#token=abc', '', null],
    ['not a link', '', null],
  ];
  for (const [link, code, expected] of cases) {
    test(JSON.stringify(link) + ' + ' + JSON.stringify(code), () => {
      assert.deepEqual(followUpFromLink(link, code, 'http://10.0.0.5:8080'), expected);
    });
  }
});

describe("an owner's personal link to a trial action", () => {
  const SID = 'q0b7cZ1fTRe2n9xY';

  test('/trial/{session id}/{trial action id} names the session by its 16-character id and the trial action by its id', () => {
    assert.deepEqual(parseRoute('/trial/' + SID + '/2'), { name: 'trial', sessionId: SID, trialId: 2 });
    assert.deepEqual(parseRoute('/trial/a-_Z09bbbbbbbbbb/4711'), { name: 'trial', sessionId: 'a-_Z09bbbbbbbbbb', trialId: 4711 });
    assert.deepEqual(parseRoute('/trial/' + SID + '/9007199254740991'), { name: 'trial', sessionId: SID, trialId: 9007199254740991 });
  });

  test('anything else is not found: no join code for an id, no id 0, nothing doubled, encoded or added', () => {
    for (const bad of [
      '/trial', '/trial/', '/trial/' + SID, '/trial/' + SID + '/', '/trial/' + SID + '/2/', '/trial/' + SID + '/2/x',
      '/trial/K7M4QX/2',                  // a join code is not a session id
      '/trial/' + SID + 'x/2', '/trial/' + SID.slice(1) + '/2', '/trial/q0b7cZ1fTRe2n9x%59/2', '/trial/q0b7cZ1fTRe2n9x./2',
      '/trial/' + SID + '/0', '/trial/' + SID + '/02', '/trial/' + SID + '/-2', '/trial/' + SID + '/2.0', '/trial/' + SID + '/1e3',
      '/trial/' + SID + '/%32', '/trial/' + SID + '/abc', '/trial/' + SID + '/99999999999999999', '/trial//' + SID + '/2',
      '/trial/' + SID + '//2', '//trial/' + SID + '/2', '/Trial/' + SID + '/2', '/trials/' + SID + '/2',
    ]) {
      assert.deepEqual(parseRoute(bad), { name: 'notFound' }, bad);
    }
  });

  test('the link carries the participant token in the fragment, and the page reads it back', () => {
    assert.equal(trialPath(SID, 2), '/trial/' + SID + '/2');
    const token = 'nD3u0mX7kQ2w9Zr1bV5yT8aL4cE6hJ0pS3fG7iK2oM9';
    const link = trialLink('https://samskab.example.dk', SID, 2, token);
    assert.equal(link, 'https://samskab.example.dk/trial/' + SID + '/2#token=' + token);
    const url = new URL(link);
    assert.deepEqual(parseRoute(url.pathname), { name: 'trial', sessionId: SID, trialId: 2 });
    assert.equal(tokenFromFragment(url.hash), token);
  });
});

describe("a session's outcome report", () => {
  const SID = 'q0b7cZ1fTRe2n9xY';
  const WID = 'hV3kq9ZtR2xY7bNa';

  test('/outcome/{session id} names the session by its 16-character id', () => {
    assert.deepEqual(parseRoute('/outcome/' + SID), { name: 'outcome', sessionId: SID });
    assert.deepEqual(parseRoute('/outcome/a-_Z09bbbbbbbbbb'), { name: 'outcome', sessionId: 'a-_Z09bbbbbbbbbb' });
  });

  test('anything else is not found: no join code for an id, nothing doubled, encoded or added', () => {
    for (const bad of [
      '/outcome', '/outcome/', '/outcome/' + SID + '/', '/outcome/' + SID + '/x', '/outcome/K7M4QX', '/outcome/' + SID + 'x',
      '/outcome/' + SID.slice(1), '/outcome/q0b7cZ1fTRe2n9x%59', '/outcome/q0b7cZ1fTRe2n9x.', '/outcome//' + SID, '//outcome/' + SID,
      '/Outcome/' + SID, '/outcomes/' + SID,
    ]) {
      assert.deepEqual(parseRoute(bad), { name: 'notFound' }, bad);
    }
  });

  test("the page's address, from the workspace's page with the workspace's id (never a token) in the query", () => {
    assert.equal(outcomePath(SID), '/outcome/' + SID);
    assert.equal(outcomePath(SID, WID), '/outcome/' + SID + '?workspace=' + WID);
    const url = new URL(outcomePath(SID, WID), 'http://10.0.0.5:8080');
    assert.deepEqual(parseRoute(url.pathname), { name: 'outcome', sessionId: SID });
    assert.equal(workspaceFromSearch(url.search), WID);
    for (const bad of ['', '?workspace=', '?workspace=K7M4QX', '?workspace=' + WID + 'x', '?other=' + WID]) {
      assert.equal(workspaceFromSearch(bad), null, bad);
    }
  });

  test('a link with a token in the fragment (README: /outcome/{id}#token=...): the page reads it back', () => {
    const token = 'nD3u0mX7kQ2w9Zr1bV5yT8aL4cE6hJ0pS3fG7iK2oM9';
    const url = new URL('https://samskab.example.dk' + outcomePath(SID) + '#token=' + token);
    assert.equal(url.search, '');
    assert.deepEqual(parseRoute(url.pathname), { name: 'outcome', sessionId: SID });
    assert.equal(tokenFromFragment(url.hash), token);
  });
});
