// Insights: a partner raises something it sees in its numbers (title, text); the client admin
// answers; either side tracks the status (open, answered, closed).

import { ApiError, get, hasCsrf, post } from '../api';
import { h, message, replace, select, uid } from '../dom';
import { timestamp } from '../format';
import type { Page } from '../page';
import { canWriteInsights, isAdmin, isClient } from '../session';
import type { Insight, Principal } from '../types';
import { badge, errorBox, loading, pageHeader, section } from '../ui';

const kStatusKind = { open: 'warn', answered: 'good', closed: 'neutral' } as const;

function failure(e: unknown, what: string): HTMLElement {
  const msg = e instanceof ApiError ? `${what} failed (${e.status}): ${e.message}.` : `${what} failed: ${String(e)}.`;
  return message('error', msg);
}

function insightCard(i: Insight, principal: Principal, reload: () => void): HTMLElement {
  const status = h('span', { class: 'insight-status', 'data-status': i.status }, badge(i.status, kStatusKind[i.status]));
  const out = h('div', { class: 'insight-feedback' });
  const card = h(
    'article',
    { class: 'card insight', 'data-insight-id': String(i.id), 'aria-labelledby': `insight-${i.id}` },
    h('h3', { id: `insight-${i.id}` }, i.title, ' ', status),
    h('p', { class: 'meta' }, `${i.partner} · raised by ${i.author} on ${timestamp(i.created_at)} · updated ${timestamp(i.updated_at)}`),
    h('p', { class: 'insight-body' }, i.body),
    i.answers.length
      ? h(
          'ol',
          { class: 'answers', 'aria-label': 'Answers' },
          i.answers.map((a) => h('li', {}, h('p', { class: 'meta' }, `${a.author}, ${timestamp(a.created_at)}`), h('p', {}, a.body))),
        )
      : h('p', { class: 'note' }, 'No answer yet.'),
  );
  if (isAdmin(principal)) {
    const id = uid('answer');
    const text = h('textarea', { id, rows: '3', required: true, maxlength: '20000' });
    const send = h('button', { type: 'submit' }, 'Send answer');
    const form = h('form', { class: 'answer-form' }, h('label', { for: id }, `Answer “${i.title}”`), text, send);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!text.value.trim()) return;
      send.disabled = true;
      try {
        await post<Insight>(`/api/v1/insights/${i.id}/answer`, { body: text.value.trim() });
        reload();
      } catch (err) {
        replace(out, failure(err, 'Sending the answer'));
        send.disabled = false;
      }
    });
    card.append(form);
  }
  if (canWriteInsights(principal)) {
    card.append(
      h(
        'div',
        { class: 'controls' },
        select('Status', [['open', 'open'], ['answered', 'answered'], ['closed', 'closed']], i.status, async (s) => {
          try {
            await post<Insight>(`/api/v1/insights/${i.id}/status`, { status: s });
            reload();
          } catch (err) {
            replace(out, failure(err, 'Changing the status'));
          }
        }),
      ),
    );
  }
  card.append(out);
  return card;
}

export const insightsPage: Page = async (ctx) => {
  const { main, principal } = ctx;
  main.append(
    pageHeader(
      'Insights',
      isClient(principal)
        ? 'What the partners see in their numbers and want the client to know; answer them here.'
        : 'Tell the client what you see in your numbers: a cause, a fix, a question. The client’s answer appears here.',
    ),
  );
  const formSlot = h('div', {});
  const listSlot = h('div', {}, loading('the insights'));
  const filterSlot = h('div', { class: 'controls' });
  main.append(formSlot, section('All insights', filterSlot, listSlot));
  let filter = '';
  let all: Insight[] = [];

  const render = () => {
    const shown = all.filter((i) => !filter || i.status === filter);
    if (shown.length === 0) {
      replace(listSlot, message('info', all.length ? 'No insight has this status.' : 'No insight yet.'));
      return;
    }
    replace(listSlot, ...shown.map((i) => insightCard(i, principal, () => void reload())));
  };
  const reload = async () => {
    try {
      all = (await get<{ insights: Insight[] }>('/api/v1/insights')).insights;
    } catch (e) {
      replace(listSlot, errorBox(e, 'the insights'));
      return;
    }
    if (!ctx.alive()) return;
    const counts = { open: 0, answered: 0, closed: 0 };
    for (const i of all) counts[i.status] += 1;
    replace(
      filterSlot,
      select(
        'Show',
        [['', `all (${all.length})`], ['open', `open (${counts.open})`], ['answered', `answered (${counts.answered})`], ['closed', `closed (${counts.closed})`]],
        filter,
        (v) => {
          filter = v;
          render();
        },
      ),
    );
    render();
  };

  if (canWriteInsights(principal)) {
    const title = h('input', { id: 'insight-title', name: 'title', required: true, maxlength: '200' });
    const body = h('textarea', { id: 'insight-body', name: 'body', rows: '5', required: true, maxlength: '20000' });
    const send = h('button', { type: 'submit', class: 'primary' }, 'Submit insight');
    const out = h('div', { 'aria-live': 'polite' });
    const partnerRow = h('div', { class: 'form-row' });
    let partnerSelect: HTMLSelectElement | null = null;
    if (isAdmin(principal)) {
      partnerSelect = h('select', { id: 'insight-partner', name: 'partner' });
      replace(partnerRow, h('label', { for: 'insight-partner' }, 'About partner'), partnerSelect);
      get<{ partners: { name: string }[] }>('/api/v1/partners')
        .then((a) => replace(partnerSelect!, a.partners.map((p) => h('option', { value: p.name }, p.name))))
        .catch((e) => replace(out, errorBox(e, 'the partners')));
    }
    const form = h(
      'form',
      { class: 'insight-form' },
      partnerSelect ? partnerRow : null,
      h('div', { class: 'form-row' }, h('label', { for: 'insight-title' }, 'Title'), title),
      h('div', { class: 'form-row' }, h('label', { for: 'insight-body' }, 'What you see, and why'), body),
      send,
      out,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!hasCsrf()) {
        replace(out, message('error', 'This tab has no change token for your session: sign out and in again to submit.'));
        return;
      }
      send.disabled = true;
      try {
        const payload: Record<string, string> = { title: title.value.trim(), body: body.value.trim() };
        if (partnerSelect) payload.partner = partnerSelect.value;
        const created = await post<Insight>('/api/v1/insights', payload);
        replace(out, message('ok', `Submitted “${created.title}” (status ${created.status}).`));
        title.value = '';
        body.value = '';
        await reload();
      } catch (err) {
        replace(out, failure(err, 'Submitting the insight'));
      } finally {
        send.disabled = false;
      }
    });
    replace(formSlot, section('New insight', form));
  }
  await reload();
};
