/*
 * The reports page (admins): choose a period, see the figures as charts with a table of the same figures beside each,
 * and download them, or de-identified referral rows, as CSV. The period is kept in the address, so a report can be
 * bookmarked or reloaded.
 */
import { ApiError, get } from './api.js';
import { barChart, PALETTE } from './charts.js';
import { download } from './download.js';
import { chartCount, count, SMALL, waitFigure } from './format.js';
import { announce, fill, h, queryParam, showProblem, startPage } from './page.js';

const form = document.getElementById('period-form');
const statusLine = document.getElementById('status');
const problem = document.getElementById('problem');
const reportBox = document.getElementById('report');
let shown = null;

const DAY_MS = 24 * 60 * 60 * 1000;
const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fullDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A "YYYY-MM-DD" date as a Date at UTC midnight, for formatting without the computer's time zone moving it. */
const utc = (date) => new Date(date + 'T00:00:00Z');
/** Today, or n days before it, on this computer's calendar. */
function localDay(daysBefore) {
  const d = new Date(Date.now() - daysBefore * DAY_MS);
  return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')].join('-');
}

function facts(list, pairs) {
  fill(list, pairs.flatMap(([label, value]) => [h('dt', {}, label), h('dd', { text: value })]));
}

/** A table: a caption, column headings, rows whose first cell heads the row. */
function table(caption, headings, rows) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, String(first)), rest.map((cell) => h('td', {}, String(cell)))))),
  );
}

const weekLabel = (w) => 'w/c ' + dayMonth.format(utc(w.weekStart));
const mean = (value) => (value === null ? 'none' : number.format(value));
const wait = (ms) => (ms === null ? 'nobody contacted yet' : waitFigure(ms));
/** A mean over n people, not shown for fewer than 5. */
const meanOf = (value, n) => (n > 0 && n < SMALL ? 'not shown' : mean(value));

function changeText(w) {
  if (w.meanChange === null) return 'none';
  if (w.pairs < SMALL) return 'not shown (fewer than ' + SMALL + ' people)';
  const signed = (w.meanChange > 0 ? '+' : '') + number.format(w.meanChange);
  if (w.meanChange === 0) return signed + ' (no change)';
  const better = w.betterWhen === 'lower' ? w.meanChange < 0 : w.meanChange > 0;
  return signed + (better ? ' (better)' : ' (worse)');
}

/**
 * The series a chart draws: at most PALETTE.length, each its own colour; beyond that the most common and the rest
 * together as "Other ..." (the table still shows every one).
 */
function chartSeries(keys, weeks, field, otherLabel) {
  const series = (k) => ({ label: k.label, data: weeks.map((w) => chartCount(w[field][k.id] || 0)) });
  if (keys.length <= PALETTE.length) return keys.map(series);
  const top = [...keys].sort((a, b) => b.count - a.count).slice(0, PALETTE.length - 1);
  const rest = keys.filter((k) => !top.includes(k));
  return [...top.map(series), { label: otherLabel, data: weeks.map((w) => chartCount(rest.reduce((n, k) => n + (w[field][k.id] || 0), 0))) }];
}

/** Figures per week for a set of keys (channels or needs): a stacked chart and its table. */
function weekly(canvasId, tableId, caption, weeks, keys, field, otherLabel) {
  barChart(canvasId, { labels: weeks.map(weekLabel), datasets: chartSeries(keys, weeks, field, otherLabel), stacked: true });
  fill(document.getElementById(tableId), table(caption, ['Week', ...keys.map((k) => k.label), field === 'byChannel' ? 'Total' : null].filter(Boolean),
    [
      ...weeks.map((w) => [w.isoWeek + ' (' + weekLabel(w) + ')', ...keys.map((k) => count(w[field][k.id] || 0)), ...(field === 'byChannel' ? [count(w.total)] : [])]),
      ['All weeks', ...keys.map((k) => count(k.count)), ...(field === 'byChannel' ? [count(weeks.reduce((n, w) => n + w.total, 0))] : [])],
    ]));
}

function headline(report) {
  const { headline: top, wellbeing } = report;
  const c = top.contact;
  const ended = top.referralOutcomes.filter((o) => o.count > 0);
  const life = wellbeing.find((w) => w.measure === 'lifeSatisfaction');
  facts(document.getElementById('headline'), [
    ['Referrals', count(top.referrals)],
    ['Contacted within ' + c.promiseWorkingDays + ' working days, as promised', count(c.withinPromise) + ' of ' + count(c.referrals)],
    ['Contacted later than promised', count(c.late)],
    ['Not contacted yet', count(c.waitingInTime) + ' still in time, ' + count(c.waitingLate) + ' past the promise'],
    ['How referrals ended', ended.length ? ended.map((o) => o.label + ': ' + count(o.count)).join('; ') : 'none yet'],
    ['Still open', count(top.stillOpen)],
    ['Wellbeing change (life satisfaction, 0 to 10)', life.pairs < SMALL ? 'not shown: ' + count(life.pairs) + ' people answered both times' : changeText(life) + ', from ' + life.pairs + ' people'],
  ]);
}

function render(report) {
  const { referrals, firstContact: fc, firstReply: fr, outcomes, wellbeing, satisfaction } = report;
  headline(report);
  facts(document.getElementById('referrals-summary'), [
    ['Referrals', count(referrals.total)],
    ...referrals.channels.map((c) => [c.label, count(c.count)]),
  ]);
  weekly('channel-chart', 'channel-table', 'Referrals per week, by channel', referrals.weeks, referrals.channels, 'byChannel', 'Other channels');
  weekly('need-chart', 'need-table', 'Referrals per week, by need', referrals.weeks, referrals.needs, 'byNeed', 'Other needs');

  facts(document.getElementById('contact-summary'), [
    ['Asked for a person', count(fc.handoffs)],
    ['Contacted', count(fc.contacted)],
    ['Half waited no longer than (median, p50)', fc.contacted > 0 && fc.contacted < SMALL ? 'not shown' : wait(fc.p50Ms)],
    ['9 in 10 waited no longer than (p90)', fc.contacted > 0 && fc.contacted < SMALL ? 'not shown' : wait(fc.p90Ms)],
    ['Still waiting', count(fc.waiting)],
    ['Closed without contact', count(fc.closedWithoutContact)],
  ]);

  facts(document.getElementById('reply-summary'), [
    ['Asked for a person', count(fr.handoffs)],
    ['Answered by a person', count(fr.replied)],
    ['Half answered within (median, p50)', fr.p50Ms === null ? 'nobody answered yet' : fr.replied < SMALL ? 'not shown' : waitFigure(fr.p50Ms)],
    ['9 in 10 answered within (p90)', fr.p90Ms === null ? 'nobody answered yet' : fr.replied < SMALL ? 'not shown' : waitFigure(fr.p90Ms)],
    ['Target', waitFigure(fr.targetMs)],
    ['Answered within the target', fr.shareWithinTarget === null ? 'No one asked' : fr.handoffs < SMALL ? 'not shown (fewer than ' + SMALL + ' people)' : Math.round(fr.shareWithinTarget * 100) + '% (' + fr.withinTarget + ' of ' + fr.handoffs + ')'],
  ]);

  barChart('outcome-chart', { labels: outcomes.map((o) => o.label), datasets: [{ label: 'Conversations', data: outcomes.map((o) => chartCount(o.count)) }], horizontal: true });
  fill(document.getElementById('outcome-table'), table('Outcomes by type', ['Outcome', 'Conversations'], outcomes.map((o) => [o.label, count(o.count)])));

  barChart('wellbeing-chart', {
    labels: wellbeing.map((w) => w.label),
    datasets: [
      { label: 'Mean at intake', data: wellbeing.map((w) => (w.pairs < SMALL ? null : w.meanAtIntake)) },
      { label: 'Mean at follow-up', data: wellbeing.map((w) => (w.pairs < SMALL ? null : w.meanAtFollowUp)) },
    ],
    max: 10,
    wholeNumbers: false,
  });
  fill(document.getElementById('wellbeing-table'), table('Wellbeing at intake and at follow-up (0 to 10)', ['Measure', 'People', 'Mean at intake', 'Mean at follow-up', 'Change', 'Better when'],
    wellbeing.map((w) => [w.label, count(w.pairs), meanOf(w.meanAtIntake, w.pairs), meanOf(w.meanAtFollowUp, w.pairs), changeText(w), w.betterWhen])));
  fill(document.getElementById('intake-table'), table('Wellbeing when people referred themselves (0 to 10)', ['Measure', 'People who answered', 'Mean', 'Better when'],
    report.intakeWellbeing.map((w) => [w.label, count(w.answered), meanOf(w.mean, w.answered), w.measure === 'anxiety' ? 'lower' : 'higher'])));

  facts(document.getElementById('satisfaction-summary'), [
    ['Answers', count(satisfaction.count)],
    ['Mean', satisfaction.mean === null ? 'none' : satisfaction.count < SMALL ? 'not shown' : number.format(satisfaction.mean) + ' out of 5'],
  ]);
  const scoreLabel = (s) => (s === 1 ? '1 (not at all)' : s === 5 ? '5 (very)' : String(s));
  barChart('satisfaction-chart', { labels: satisfaction.distribution.map((d) => scoreLabel(d.score)), datasets: [{ label: 'People', data: satisfaction.distribution.map((d) => chartCount(d.count)) }] });
  fill(document.getElementById('satisfaction-table'), table('Satisfaction scores', ['Score', 'People'], satisfaction.distribution.map((d) => [scoreLabel(d.score), count(d.count)])));
  fill(document.getElementById('comments'), report.satisfactionComments.map((c) => h('li', {}, h('span', { class: 'muted' }, fullDate.format(utc(c.date)) + ', score ' + c.score + ': '), h('span', { text: c.comment }))));
  document.getElementById('no-comments').hidden = report.satisfactionComments.length > 0;
}

async function show(from, to) {
  showProblem(problem, '');
  if (!from || !to) return showProblem(problem, 'Choose both a first and a last day.');
  if (to < from) return showProblem(problem, 'The last day must be the same as the first day or later.');
  announce(statusLine, 'Loading the figures.');
  try {
    const report = await get('/api/console/reports?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
    shown = report.period;
    window.history.replaceState(null, '', '?from=' + encodeURIComponent(shown.from) + '&to=' + encodeURIComponent(shown.to));
    reportBox.hidden = false;
    render(report);
    const span = fullDate.format(utc(shown.from)) + ' to ' + fullDate.format(utc(shown.to));
    announce(statusLine, 'Showing ' + span + ': ' + count(report.referrals.total) + (report.referrals.total === 1 ? ' referral.' : ' referrals.'));
  } catch (error) {
    announce(statusLine, '');
    showProblem(problem, error instanceof ApiError ? error.message : error.message || 'Could not load the figures.');
  }
}

async function save(kind) {
  if (!shown) return;
  showProblem(problem, '');
  const query = '?from=' + encodeURIComponent(shown.from) + '&to=' + encodeURIComponent(shown.to);
  try {
    const name = await download('/api/console/reports/' + kind + '.csv' + query, 'signpost-' + kind + '.csv');
    announce(statusLine, 'Downloaded ' + name + '.');
  } catch (error) {
    showProblem(problem, error instanceof ApiError ? error.message : 'The download did not work. Please try again.');
  }
}

async function main() {
  const session = await startPage('reports');
  if (session.user.role !== 'admin') {
    form.hidden = true;
    showProblem(problem, 'Reports are for admins. Ask an admin if you need figures.');
    return;
  }
  form.from.value = queryParam('from') || localDay(13 * 7 - 1);
  form.to.value = queryParam('to') || localDay(0);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show(form.from.value, form.to.value);
  });
  for (const button of form.querySelectorAll('button[data-weeks]')) {
    button.addEventListener('click', () => {
      form.from.value = localDay(Number(button.dataset.weeks) * 7 - 1);
      form.to.value = localDay(0);
      show(form.from.value, form.to.value);
    });
  }
  document.getElementById('figures-csv').addEventListener('click', () => save('figures'));
  document.getElementById('referrals-csv').addEventListener('click', () => save('referrals'));
  await show(form.from.value, form.to.value);
}

main().catch((error) => showProblem(problem, error instanceof ApiError ? error.message : 'Could not open the reports.'));
