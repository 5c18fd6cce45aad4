// The portal in a real browser: every role signs in and sees what it may (a partner user
// never another partner's name), a partner uploads a file and its scorecard moves, an insight
// goes from partner to admin and back, and nothing breaks the Content-Security-Policy.
// Run: node --test web/tests/ (CXPACT_BIN=path/to/cxpact; CXPACT_SCREENSHOTS=1 writes the
// README's screenshots into docs/).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import {
  contactIdPrefixes, contactsCsv, kClosedPeriod, kOwn, kPartners, kPassword, kRepoDir, kUsers,
  makeWorkspace, removeWorkspace, startServer,
} from './harness.mjs';

const kChromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const kScreenshots = process.env.CXPACT_SCREENSHOTS === '1';
const kPages = ['overview', 'scorecard', 'contracts', 'rank', 'quality', 'uploads', 'insights'];
const kOthers = kPartners.filter((p) => p !== kOwn);

let world; // {root, ws, data}
let server; // {base, stop, log}
let browser;
const problems = []; // Page errors and CSP violations, from every page of every context.

before(async () => {
  world = makeWorkspace();
  server = await startServer(world.ws);
  browser = await chromium.launch({
    executablePath: kChromium,
    headless: true,
    // Chromium refuses to run as root with its sandbox (CI runs as root).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (world) removeWorkspace(world.root);
});

// A signed-in page of `who` (a key of kUsers), in its own browser context (own cookies).
async function signIn(who) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
  const res = await page.goto(server.base);
  assert.match(res.headers()['content-security-policy'] ?? '', /default-src 'self'/, 'the portal is served under the strict CSP');
  await page.fill('#login-user', kUsers[who].name);
  await page.fill('#login-password', kPassword);
  await page.press('#login-password', 'Enter');
  await page.waitForSelector('#sign-out');
  return page;
}

// Opens #/route and waits until the page has rendered (no loading message left).
async function open(page, route) {
  const target = `${server.base}#/${route}`;
  // The same address again is no navigation at all (no hashchange): load it afresh.
  if (page.url() === target) await page.reload();
  else await page.goto(target);
  await ready(page);
}

async function ready(page) {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, { timeout: 20000 });
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp ?? []);
}

// Everything a user could read, including attributes (aria-labels, titles, option values).
async function everything(page) {
  return page.evaluate(() => `${document.body.innerText}\n${document.documentElement.outerHTML}`);
}

// docs/portal-NAME.png: the whole page, the window only (`top`), or one element.
async function shoot(page, name, what = 'page') {
  if (!kScreenshots) return;
  mkdirSync(join(kRepoDir, 'docs'), { recursive: true });
  const path = join(kRepoDir, 'docs', `portal-${name}.png`);
  await page.waitForTimeout(300); // Let the canvases paint.
  if (typeof what === 'string') await page.screenshot({ path, fullPage: what === 'page' });
  else await what.screenshot({ path });
}

// Fails when the page names another partner than the partner user's own, or shows a contact id
// of another partner (by its prefix in the generated data).
async function assertNoOtherPartner(page, where, prefixes) {
  const all = await everything(page);
  for (const other of kOthers) {
    assert.ok(!all.toLowerCase().includes(other), `partner user on ${where}: another partner's name '${other}' is in the page`);
    const prefix = prefixes.get(other);
    if (prefix) assert.doesNotMatch(all, new RegExp(`\\b${prefix}\\d`), `partner user on ${where}: a contact id of ${other}`);
  }
  assert.ok(all.includes(kOwn), `partner user on ${where}: its own name is not shown`);
}

// The scorecard's value of `metric` in `period` as a number ("1,234" -> 1234).
async function scorecardNumber(page, metric, period) {
  const cell = page.locator(`td[data-metric="${metric}"][data-period="${period}"]`);
  const txt = await cell.innerText();
  const n = Number(txt.replace(/[^0-9.]/g, ''));
  assert.ok(Number.isFinite(n) && txt.trim() !== '', `scorecard ${metric} ${period}: '${txt}' is not a number`);
  return n;
}

test('clients see every partner by name', async () => {
  for (const who of ['admin', 'viewer']) {
    const page = await signIn(who);
    for (const route of ['overview', 'rank', 'contracts']) {
      await open(page, route);
      const text = await page.locator('main').innerText();
      for (const p of kPartners) assert.ok(text.includes(p), `${who} on ${route}: ${p} is not shown`);
      assert.doesNotMatch(text, /Partner [A-E]\b/, `${who} on ${route}: clients get names, not labels`);
    }
    await open(page, 'scorecard');
    const options = await page.locator('select').first().locator('option').allInnerTexts();
    assert.deepEqual(options.sort(), [...kPartners].sort(), `${who}: the scorecard offers every partner`);
    const nav = await page.locator('nav').innerText();
    assert.equal(nav.includes('Uploads'), who === 'admin', `${who}: Uploads only for roles that may upload`);
    if (who === 'admin') {
      await open(page, 'overview');
      await shoot(page, 'overview');
    }
    if (who === 'viewer') {
      await open(page, 'insights');
      assert.equal(await page.locator('#insight-title').count(), 0, 'a viewer cannot write insights');
    }
    assert.deepEqual(await cspViolations(page), [], `${who}: CSP violations`);
    await page.context().close();
  }
});

test('a partner user sees its own name and the others only as labels, on every page', async () => {
  const page = await signIn('partner');
  const prefixes = contactIdPrefixes(world.data);
  for (const route of kPages) {
    await open(page, route);
    assert.ok((await page.locator('main').innerText()).length > 100, `${route}: the page is empty`);
    await assertNoOtherPartner(page, route, prefixes);
  }
  await open(page, 'overview');
  const overview = await page.locator('main').innerText();
  assert.match(overview, /Partner A/, 'the others appear as Partner A, B, ...');
  assert.equal(await page.locator('main table tbody .anon').count(), kOthers.length, 'one anonymous row per other partner');
  await open(page, 'rank');
  assert.match(await page.locator('main').innerText(), /Partner [A-D]/);
  // Its own contract only, and its own report.
  await open(page, `contracts?period=${kClosedPeriod}`);
  assert.equal(await page.locator('main table').first().locator('tbody tr').count(), 1, 'one close entry: its own');
  const report = await page.locator(`a[href="/api/v1/partners/${kOwn}/report/${kClosedPeriod}"]`).getAttribute('href');
  const res = await page.request.get(new URL(report, server.base).toString());
  assert.equal(res.status(), 200, 'the report link opens');
  assert.match(await res.text(), new RegExp(kOwn));
  assert.deepEqual(await cspViolations(page), []);
  await page.context().close();
});

test('a partner uploads its contacts, sees the counts and quarantine, and its scorecard moves', async () => {
  const page = await signIn('partner');
  await open(page, 'scorecard');
  const before = await scorecardNumber(page, 'offered', kClosedPeriod);

  // A file with another partner's record is refused whole.
  await open(page, 'uploads');
  await page.selectOption('#upload-kind', 'contacts');
  await page.setInputFiles('#upload-file', {
    name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.from(contactsCsv(kOthers[0], 2, 0, 'X')),
  });
  await page.click('form.upload-form button[type=submit]');
  const refused = await page.waitForSelector('.upload-out .msg-error');
  assert.match(await refused.innerText(), /403.*nothing was loaded/);

  // Its own file: 40 new contacts and one with an unknown channel.
  await page.setInputFiles('#upload-file', {
    name: 'delta-march-extra.csv', mimeType: 'text/csv', buffer: Buffer.from(contactsCsv(kOwn, 40, 1, 'D')),
  });
  await page.click('form.upload-form button[type=submit]');
  await page.waitForSelector('.upload-result');
  const result = await page.locator('.upload-result').innerText();
  assert.match(result, /40 new, 0 corrected, 1 set aside/);
  assert.match(result, /unknown channel/);
  assert.equal(await page.locator('#upload-progress').evaluate((p) => p.value), 100, 'the progress bar ends full');
  await shoot(page, 'upload', page.locator('main section').first());

  // Its quarantine now holds that row; the scorecard counts the 40 new contacts.
  await open(page, 'quality');
  assert.match(await page.locator('main').innerText(), /delta-march-extra\.csv[\s\S]*fax/);
  // The server scores new data in the background (a metric answer may be the previous data's,
  // marked stale, for a moment): reopen the scorecard until it shows the load.
  let after = before;
  for (let i = 0; i < 40 && after === before; i++) {
    if (i > 0) await page.waitForTimeout(250);
    await open(page, 'scorecard');
    after = await scorecardNumber(page, 'offered', kClosedPeriod);
  }
  assert.equal(after, before + 40, 'offered rises by the 40 new contacts');

  // Drill-down: the contacts behind a number, or the API's error when the route is absent.
  await page.locator(`td[data-metric="fcr"][data-period="${kClosedPeriod}"] button`).click();
  await page.waitForSelector('#metric-detail .contacts table, #metric-detail .contacts .msg-error');
  const drill = await page.locator('#metric-detail').innerText();
  // What FCR means comes from the server's catalog, with the window the portal's scores use.
  assert.match(drill, /at any partner, on any channel\. Repeat window: 7 days\./);
  assert.match(drill, /contacts count for this number|the contacts behind this number[^.]*: the server answered \d{3}/i);
  const listed = /([\d,]+) contacts count for this number; ([\d,]+) of them in its numerator/.exec(drill);
  if (listed) {
    // The list adds up to the number: its denominator and numerator, as the scorecard says.
    const made = /Made of: ([\d,]+) out of ([\d,]+) counted/.exec(drill);
    assert.ok(made, 'the detail says what the number is made of');
    assert.deepEqual([listed[2], listed[1]], [made[1], made[2]], 'the drill-down matches the scorecard row');
    assert.ok((await page.locator('#metric-detail .contacts tbody tr').count()) > 0, 'contacts are listed');
  }
  // The reasons name repeats at other partners only as "another partner".
  await assertNoOtherPartner(page, 'the drill-down', contactIdPrefixes(world.data));
  await shoot(page, 'drilldown', page.locator('#metric-detail'));
  // A business-hours target is said in business hours (48 of them are not 2 days).
  await page.locator(`td[data-metric="response_within"][data-period="${kClosedPeriod}"] button`).click();
  await page.locator('#metric-detail', { hasText: 'Target: 48 business hours.' }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'scorecard', 'top');
  assert.deepEqual(await cspViolations(page), []);
  await page.context().close();
});

// The data-quality table of the page: {metric: {period: {text, madeOf}}}.
async function qualityTable(page) {
  await page.waitForSelector('table.quality-rates');
  return page.evaluate(() => {
    const out = {};
    for (const td of document.querySelectorAll('table.quality-rates td[data-metric]')) {
      out[td.dataset.metric] ??= {};
      out[td.dataset.metric][td.dataset.period] = {
        text: td.querySelector('.rate')?.textContent ?? '',
        madeOf: td.querySelector('.made-of')?.textContent ?? '',
      };
    }
    return out;
  });
}

// The page's table shows what GET .../quality answers for `partner`, month by month.
async function assertQualityMatchesApi(page, partner, who) {
  const res = await page.request.get(new URL(`/api/v1/partners/${partner}/quality`, server.base).toString());
  assert.equal(res.status(), 200, `${who}: the quality route answers for ${partner}`);
  const api = await res.json();
  assert.ok(api.periods.length > 0, `${who}: ${partner} has months of data-quality rates`);
  const shown = await qualityTable(page);
  const n = (v) => v.toLocaleString('en-US');
  for (const p of api.periods) {
    for (const r of p.metrics) {
      const cell = shown[r.metric]?.[p.period];
      assert.ok(cell, `${who}: ${r.metric} ${p.period} of ${partner} is in the table`);
      if (r.denominator > 0) {
        assert.equal(cell.madeOf, `${n(r.numerator)} of ${n(r.denominator)}`, `${who}: ${r.metric} ${p.period}`);
        assert.match(cell.text, new RegExp(`^${(100 * r.value).toFixed(1)}%`), `${who}: ${r.metric} ${p.period}`);
      }
    }
  }
  return { api, shown };
}

test('the data-quality page shows the rates by month: the partner its own, clients any partner', async () => {
  const partner = await signIn('partner');
  await open(partner, 'quality');
  assert.equal(await partner.locator('#quality-partner select').count(), 0, 'a partner user chooses no partner');
  assert.match(await partner.locator('table.quality-rates caption').innerText(), new RegExp(`^${kOwn}:`));
  const own = await assertQualityMatchesApi(partner, kOwn, 'partner');
  // The workspace loads contacts without a customer id: their share shows, above zero.
  const share = own.api.periods.find((p) => p.period === kClosedPeriod).metrics.find((r) => r.metric === 'no_customer_share');
  assert.ok(share.numerator > 0 && share.value > 0, 'delta has contacts without a customer id in March');
  assert.deepEqual(Object.keys(own.shown).sort(), ['consent_rate', 'demographics_rate', 'no_customer_share']);
  assert.match(await partner.locator('main').innerText(), /Contacts without a customer id[\s\S]*cannot be linked to a customer/);
  assert.ok((await partner.locator('.quality-chart canvas').count()) > 0, 'the trend chart is drawn');
  assert.match(await partner.locator('.quality-chart').getAttribute('aria-label'), /No customer id: .*%/);
  await assertNoOtherPartner(partner, 'the data-quality rates', contactIdPrefixes(world.data));
  // Another partner's rates are refused by the server, whatever the page asks.
  const other = await partner.request.get(new URL(`/api/v1/partners/${kOthers[0]}/quality`, server.base).toString());
  assert.equal(other.status(), 403);
  assert.ok(!(await other.text()).includes(kOthers[0]));
  assert.deepEqual(await cspViolations(partner), []);
  await partner.context().close();

  const admin = await signIn('admin');
  // The list of partners answers last (a busy server): the page is not ready before it has it.
  await admin.route('**/api/v1/partners', async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  await open(admin, 'quality');
  const options = await admin.locator('#quality-partner select option').allInnerTexts();
  assert.deepEqual(options.sort(), [...kPartners].sort(), 'the admin chooses any partner');
  const first = await admin.locator('#quality-partner select').inputValue();
  await assertQualityMatchesApi(admin, first, 'admin');
  const next = kPartners.find((p) => p !== first);
  await admin.selectOption('#quality-partner select', next);
  await admin.waitForFunction(
    (p) => document.querySelector('table.quality-rates caption')?.textContent?.startsWith(`${p}:`),
    next,
  );
  await assertQualityMatchesApi(admin, next, 'admin');
  assert.deepEqual(await cspViolations(admin), []);
  await admin.context().close();
});

test('an insight goes from partner to admin and comes back answered, across a reload', async () => {
  const title = 'Repeat calls after the March billing run';
  const partner = await signIn('partner');
  await open(partner, 'insights');
  // After a reload the session cookie survives; the change token must too.
  await partner.reload();
  await ready(partner);
  assert.equal(await partner.locator('#login-user').count(), 0, 'still signed in after a reload');
  await partner.fill('#insight-title', title);
  await partner.fill('#insight-body', 'Customers call back because the March invoice was late; we propose a proactive email.');
  await partner.click('form.insight-form button[type=submit]');
  const card = partner.locator('article.insight', { hasText: title });
  await card.waitFor();
  assert.equal(await card.locator('.insight-status').getAttribute('data-status'), 'open');

  const admin = await signIn('admin');
  await open(admin, 'insights');
  const adminCard = admin.locator('article.insight', { hasText: title });
  await adminCard.waitFor();
  assert.match(await adminCard.innerText(), new RegExp(kOwn));
  await adminCard.locator('textarea').fill('Agreed: send the email from April; we will watch the repeat rate.');
  await adminCard.locator('.answer-form button').click();
  await admin.locator('article.insight', { hasText: title }).locator('.insight-status[data-status="answered"]').waitFor();

  await open(partner, 'insights');
  const answered = partner.locator('article.insight', { hasText: title });
  assert.equal(await answered.locator('.insight-status').getAttribute('data-status'), 'answered');
  assert.match(await answered.innerText(), /send the email from April/);
  await shoot(partner, 'insights');
  for (const p of [partner, admin]) {
    assert.deepEqual(await cspViolations(p), []);
    await p.context().close();
  }
});

test('no page error and no CSP violation anywhere', () => {
  assert.deepEqual(problems, []);
});
