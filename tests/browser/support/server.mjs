// Starts and stops the real Samskab server binary for the browser tests.
//
// The binary comes from $SAMSKAB_SERVER, else <repo>/build/server/samskab-server. It
// binds to 127.0.0.1 only, on the given port (0: a free one), with its database in a
// temporary directory and web-client/ as its web root. start() waits (at most
// START_TIMEOUT_MS, never a fixed sleep) for the line the server logs on stderr,
// `listening on http://127.0.0.1:PORT`, and returns the real port. stop() sends SIGTERM
// and waits for the exit. Every child is killed by its PID when the test process exits,
// so a failing test never leaves a server behind.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVER_BINARY = process.env.SAMSKAB_SERVER || path.join(REPO, 'build/server/samskab-server');
export const WEB_ROOT = path.join(REPO, 'web-client');
const START_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 10000;
const LOG_KEEP_CHARS = 20000;
const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Keeps a child process on the list of those killed (by PID) when the test process
 * exits, until it exits itself.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<{code: number|null, signal: string|null}>} settles when it exits
 */
export function track(child) {
  running.add(child);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
}

/** A temporary directory for a database; remove it with removeDataDir(). */
export function makeDataDir() {
  return mkdtempSync(path.join(tmpdir(), 'samskab-e2e-'));
}

/** @param {string} dir a directory made by makeDataDir() */
export function removeDataDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts the server.
 * @param {{dataDir: string, port?: number, args?: string[]}} opts args: more of the
 *   server's flags (e.g. --trusted-proxy 127.0.0.1)
 * @returns {Promise<{port: number, url: string, pid: number|undefined, log: () => string,
 *   stop: () => Promise<{code: number|null, signal: string|null}>, kill: () => void}>}
 */
export function startServer({ dataDir, port = 0, args: extra = [] }) {
  if (!existsSync(SERVER_BINARY)) {
    return Promise.reject(new Error('no server binary at ' + SERVER_BINARY +
      ' (build it: cmake -S . -B build && cmake --build build --target samskab-server, or set SAMSKAB_SERVER)'));
  }
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--db', path.join(dataDir, 'samskab.db'), '--web-root', WEB_ROOT, ...extra];
  const child = spawn(SERVER_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = track(child);
  let log = '';

  /** @param {Buffer} chunk */
  function keep(chunk) {
    log = (log + chunk.toString('utf8')).slice(-LOG_KEEP_CHARS);
  }
  child.stdout.on('data', keep);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('server did not log "listening on" within ' + START_TIMEOUT_MS + ' ms; log:\n' + log));
    }, START_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error('server exited before listening (code ' + code + ', signal ' + signal + '); log:\n' + log));
    });
    let listening = false;
    child.stderr.on('data', (chunk) => {
      keep(chunk);
      const match = listening ? null : LISTENING.exec(log);
      if (!match) return;
      listening = true;
      clearTimeout(timer);
      const realPort = Number(match[1]);
      resolve({
        port: realPort,
        url: 'http://127.0.0.1:' + realPort,
        pid: child.pid,
        log: () => log,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return exited;
          child.kill('SIGTERM');
          const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), STOP_TIMEOUT_MS))]);
          if (result === null) {
            child.kill('SIGKILL');
            throw new Error('server did not exit within ' + STOP_TIMEOUT_MS + ' ms of SIGTERM; log:\n' + log);
          }
          return result;
        },
        kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      });
    });
  });
}
