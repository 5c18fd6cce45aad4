// The browser test's world: a fresh workspace of generated data (cxpact generate, init,
// ingest, close), users of every role, `cxpact serve --port 0 --web web/dist`, and Debian's
// Chromium driven by playwright-core (never a downloaded browser).

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const kWebDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const kRepoDir = resolve(kWebDir, '..');
export const kPassword = 'browser-test-password-1';
export const kPartners = ['atlas', 'bluepeak', 'corvid', 'delta', 'inhouse-nyc'];
export const kOwn = 'delta';
export const kUsers = {
  admin: { name: 'ada-admin', role: 'client_admin' },
  viewer: { name: 'vic-viewer', role: 'client_viewer' },
  partner: { name: 'dee-partner', role: 'partner_user', partner: kOwn },
};
export const kClosedPeriod = '2026-03';

export function cxpactBinary() {
  const bin = process.env.CXPACT_BIN ?? join(kRepoDir, 'build', 'apps', 'cli', 'cxpact');
  if (!existsSync(bin)) throw new Error(`${bin}: no cxpact binary (build it, or set CXPACT_BIN)`);
  return bin;
}

export function webDist() {
  const dist = process.env.CXPACT_WEB_DIST ?? join(kWebDir, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html missing: build the front end first (scripts/build-web.sh)`);
  }
  return dist;
}

function run(bin, args, env = {}) {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    throw new Error(`cxpact ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

// Generates a small, dirty data set, loads it into a new workspace, closes one month and
// adds one user of each role. Returns the workspace folder and the generated data folder.
export function makeWorkspace() {
  const bin = cxpactBinary();
  const root = mkdtempSync(join(tmpdir(), 'cxpact-browser-'));
  const data = join(root, 'data');
  const ws = join(root, 'ws');
  run(bin, ['generate', '--contacts', '12000', '--seed', '5', '--dirty', '--out', data]);
  run(bin, ['init', ws]);
  // Like the demo: generated phone traffic has unidentified callers, which are loaded.
  const toml = join(ws, 'cxpact.toml');
  writeFileSync(toml, readFileSync(toml, 'utf8').replace(/require_customer_id\s*=\s*true/, 'require_customer_id = false'));
  for (const kind of ['contacts', 'surveys', 'self_service', 'kb_events', 'outages', 'volumes', 'partner_reports']) {
    run(bin, ['-w', ws, 'ingest', kind, join(data, `${kind}.csv`)]);
  }
  cpSync(join(kRepoDir, 'examples', 'contracts'), join(ws, 'contracts'), { recursive: true });
  cpSync(join(kRepoDir, 'examples', 'allocation.toml'), join(ws, 'allocation.toml'));
  run(bin, ['-w', ws, 'close', '--period', kClosedPeriod]);
  for (const u of Object.values(kUsers)) {
    const args = ['-w', ws, 'user', 'add', u.name, '--role', u.role];
    if (u.partner) args.push('--partner', u.partner);
    run(bin, args, { CXPACT_PASSWORD: kPassword });
  }
  return { root, ws, data };
}

// Starts the server on a free port; resolves with its base URL and a stop function.
export function startServer(ws) {
  const bin = cxpactBinary();
  const child = spawn(bin, ['-w', ws, 'serve', '--port', '0', '--web', webDist()], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`cxpact serve did not start within 20 s:\n${out}\n${err}`));
    }, 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving workspace .* on (http:\/\/[^/\s]+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          base: m[1],
          log: () => `${out}${err}`,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cxpact serve exited (${code}) before serving:\n${out}\n${err}`));
    });
  });
}

export function removeWorkspace(root) {
  rmSync(root, { recursive: true, force: true });
}

// The leading letters of each partner's contact ids in the generated data ("ATL" for
// ATL00000001), for the partners that have such a prefix: a leak check beside the names.
export function contactIdPrefixes(dataDir) {
  const lines = readFileSync(join(dataDir, 'contacts.csv'), 'utf8').split('\n');
  const head = lines[0].split(',');
  const id = head.indexOf('contact_id');
  const partner = head.indexOf('partner');
  const prefixes = new Map();
  for (const line of lines.slice(1, 5000)) {
    const f = line.split(',');
    const m = /^([A-Za-z]+)\d/.exec(f[id] ?? '');
    if (m && kPartners.includes(f[partner])) prefixes.set(f[partner], m[1]);
  }
  return prefixes;
}

// A contacts file of `n` new contacts of `partner` in March 2026, and `bad` rows with an
// unknown channel (quarantined).
export function contactsCsv(partner, n, bad, tag) {
  const head =
    'contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,answered_at,ended_at,' +
    'handle_seconds,abandoned,transferred,agent_id,order_id,demographics_collected,consent_recorded';
  const rows = [];
  for (let i = 0; i < n + bad; i++) {
    const day = String(3 + (i % 20)).padStart(2, '0');
    const channel = i < n ? 'voice' : 'fax';
    rows.push(
      `WEB${tag}${String(i).padStart(5, '0')},${partner},${partner}-web,billing,${channel},kweb${tag}${i},billing_question,` +
        `2026-03-${day}T10:00:00Z,,2026-03-${day}T10:00:05Z,2026-03-${day}T10:05:00Z,295,false,false,w${i},,false,true`,
    );
  }
  return `${head}\n${rows.join('\n')}\n`;
}
