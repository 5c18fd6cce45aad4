// Uploads: a partner (or the client admin) sends a data file; a progress bar follows the
// upload, then the load's counts and what was set aside are shown.

import { ApiError, hasCsrf, upload } from '../api';
import { h, message, replace, table } from '../dom';
import { count } from '../format';
import type { Page } from '../page';
import { canUpload, isAdmin } from '../session';
import type { UploadAnswer } from '../types';
import { pageHeader, section } from '../ui';

// Kinds with a partner column: a partner user may upload its own rows of these.
const kPartnerKinds: [string, string][] = [
  ['contacts', 'Contacts (calls, chats, emails, messages)'],
  ['surveys', 'Surveys (CSAT, NPS, CES answers)'],
  ['kb_events', 'Knowledge-base events'],
  ['outages', 'Outages'],
  ['partner_reports', 'Your own monthly report figures'],
];
// Client-wide kinds: only a client admin.
const kClientKinds: [string, string][] = [
  ['self_service', 'Self-service sessions (client-wide)'],
  ['volumes', 'Volumes, e.g. orders (client-wide)'],
];

const kIngestCounts: [keyof UploadAnswer['counts'], string][] = [
  ['read', 'Records read'],
  ['inserted', 'New records loaded'],
  ['corrected', 'Corrections of earlier records'],
  ['unchanged', 'Already loaded, unchanged'],
  ['superseded', 'Replaced by a later row of the same file'],
  ['stale', 'Older than what is loaded (ignored)'],
  ['quarantined', 'Set aside (not loaded)'],
];

function result(a: UploadAnswer): HTMLElement {
  const reasons = Object.entries(a.quarantine.reasons);
  return h(
    'div',
    { class: 'upload-result' },
    message(a.counts.quarantined > 0 ? 'info' : 'ok', `${a.file} loaded: ${count(a.counts.inserted)} new, ${count(a.counts.corrected)} corrected, ${count(a.counts.quarantined)} set aside.`),
    table(`Load of ${a.file} (${a.kind})`, ['', 'Records'], kIngestCounts.map(([k, label]) => [label, count(a.counts[k])]), { numeric: [1], className: 'data compact upload-counts' }),
    reasons.length
      ? table('Set aside, by reason', ['Reason', 'Records'], reasons.map(([r, n]) => [r.replace(/_/g, ' '), count(n)]), { numeric: [1], className: 'data compact' })
      : null,
    a.quarantine.first.length
      ? table(
          'The first records set aside',
          ['Line', 'Field', 'Value', 'Reason', 'Why'],
          a.quarantine.first.map((e) => [count(e.line), e.field, e.value, e.reason.replace(/_/g, ' '), e.detail]),
          { numeric: [0] },
        )
      : null,
    h('p', { class: 'note' }, 'The scorecard, overview and rank are scored again with the new data; they show it within moments.'),
    h('p', { class: 'note mono' }, `SHA-256 ${a.sha256}`),
  );
}

export const uploadsPage: Page = (ctx) => {
  const { main, principal } = ctx;
  main.append(
    pageHeader(
      'Upload data',
      isAdmin(principal)
        ? 'Load a file of any kind, in the canonical format (CSV or JSON Lines, .gz too). A re-sent row changes nothing; a changed row is a correction.'
        : `Load your files, in the canonical format (CSV or JSON Lines, .gz too). Every record must be of ${principal.partner ?? 'your partner'}; ` +
            'a file with another partner’s record is refused whole. A re-sent row changes nothing; a changed row is a correction.',
    ),
  );
  if (!canUpload(principal)) {
    main.append(message('info', 'Your role can read the data but not upload files.'));
    return;
  }
  const kinds = isAdmin(principal) ? [...kPartnerKinds, ...kClientKinds] : kPartnerKinds;
  const kind = h('select', { id: 'upload-kind', name: 'kind' }, kinds.map(([v, l]) => h('option', { value: v }, l)));
  const file = h('input', { id: 'upload-file', name: 'file', type: 'file', accept: '.csv,.gz,.jsonl,.ndjson,.json', required: true });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Upload');
  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', 'aria-label': 'Upload progress' });
  const progressText = h('span', { class: 'progress-text', 'aria-live': 'polite' }, '');
  const progressRow = h('div', { class: 'progress-row' }, progress, progressText);
  progressRow.hidden = true;
  const out = h('div', { class: 'upload-out' });
  const history = h('ul', { class: 'plain upload-history' });
  const form = h(
    'form',
    { class: 'upload-form' },
    h('div', { class: 'form-row' }, h('label', { for: 'upload-kind' }, 'What the file holds'), kind),
    h('div', { class: 'form-row' }, h('label', { for: 'upload-file' }, 'File'), file),
    send,
    progressRow,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) {
      replace(out, message('error', 'Choose a file first.'));
      return;
    }
    if (!hasCsrf()) {
      replace(out, message('error', 'This tab has no change token for your session: sign out and in again to upload.'));
      return;
    }
    send.disabled = true;
    progressRow.hidden = false;
    progress.value = 0;
    replace(progressText, 'Starting…');
    replace(out);
    try {
      const a = await upload<UploadAnswer>(kind.value, f, (sent, total) => {
        const p = total ? Math.round((100 * sent) / total) : 0;
        progress.value = p;
        replace(progressText, sent >= total ? 'Sent; loading…' : `${p}% sent (${count(sent)} of ${count(total)} bytes)`);
      });
      progress.value = 100;
      replace(progressText, 'Done.');
      replace(out, result(a));
      history.prepend(h('li', {}, a.summary));
    } catch (err) {
      replace(progressText, 'Failed.');
      const msg = err instanceof ApiError ? `${err.status ? `The server refused the file (${err.status}): ` : ''}${err.message}.` : String(err);
      replace(out, message('error', msg));
      history.prepend(h('li', {}, `${f.name}: ${err instanceof Error ? err.message : String(err)}`));
    } finally {
      send.disabled = false;
    }
  });
  main.append(section('Send a file', form, out), section('Uploads in this session', history));
};
