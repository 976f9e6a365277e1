// People who take part in a workshop over the server's WebSocket protocol, played from a
// page of the server's origin (the server takes WebSockets from its own pages only):
// installBots(page) gives the page `globalThis.bots` with
//   join(who, fields)      joins as `who` with the join message's fields; resolves with
//                          {id, role, token} from the welcome (token: '' unless new)
//   send(who, command)     sends a command with a fresh ref; resolves with its ack or error
//   invites(who)           the last `invites` message's list `who` received
//   snapshot(session, t)   the snapshot a fresh connection joining with token t gets
// An error that answers no command rejects the join.

/**
 * @param {import('playwright-core').Page} page a page of the server's origin
 */
export async function installBots(page) {
  await page.evaluate(() => {
    /** @type {Record<string, {ws: WebSocket, waiting: Map<string, (m: any) => void>, invites: any[]}>} */
    const people = {};
    let n = 0;
    const url = location.origin.replace(/^http/, 'ws') + '/ws';
    /** @type {any} */ (globalThis).bots = {
      /** @param {string} who @param {Record<string, unknown>} fields */
      join(who, fields) {
        const ws = new WebSocket(url);
        const person = { ws, waiting: new Map(), invites: /** @type {any[]} */ ([]) };
        people[who] = person;
        return new Promise((resolve, reject) => {
          ws.onopen = () => ws.send(JSON.stringify({ type: 'join', protocol: 1, ...fields }));
          ws.onerror = () => reject(new Error(who + ': the WebSocket failed'));
          ws.onmessage = (ev) => {
            const msg = JSON.parse(ev.data);
            if (msg.type === 'welcome') resolve({ id: msg.you.id, role: msg.you.role, token: msg.token || '' });
            else if (msg.type === 'invites') person.invites = msg.invites;
            else if ((msg.type === 'ack' || msg.type === 'error') && person.waiting.has(msg.ref)) {
              person.waiting.get(msg.ref)?.(msg);
              person.waiting.delete(msg.ref);
            } else if (msg.type === 'error') reject(new Error(who + ': ' + JSON.stringify(msg)));
          };
        });
      },
      /** @param {string} who @param {Record<string, unknown>} command */
      send(who, command) {
        const person = people[who];
        const ref = who + ':' + (++n);
        return new Promise((resolve) => {
          person.waiting.set(ref, resolve);
          person.ws.send(JSON.stringify({ ...command, ref }));
        });
      },
      /** @param {string} who */
      invites(who) {
        return people[who].invites;
      },
      /** @param {string} session @param {string} token */
      snapshot(session, token) {
        const ws = new WebSocket(url);
        return new Promise((resolve, reject) => {
          ws.onopen = () => ws.send(JSON.stringify({ type: 'join', protocol: 1, session, token }));
          ws.onerror = () => reject(new Error('the WebSocket failed'));
          ws.onmessage = (ev) => {
            const msg = JSON.parse(ev.data);
            if (msg.type === 'snapshot') {
              ws.close();
              resolve(msg);
            } else if (msg.type === 'error') reject(new Error(JSON.stringify(msg)));
          };
        });
      },
    };
  });
}
