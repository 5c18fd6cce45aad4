// Charts with Apache ECharts (canvas renderer, only the parts used). They run under the
// server's CSP (no inline styles): tooltips are built as DOM nodes and confined to the chart,
// so ECharts never writes style attributes into HTML. Every chart sits beside a table with the
// same numbers, and carries an aria-label saying what it shows.

import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

import { h } from './dom';
import { axisUnit, month, value as formatValue } from './format';
import type { Scale } from './metrics';

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const live = new Set<echarts.ECharts>();
let observer: ResizeObserver | null = null;

function observe(el: HTMLElement, chart: echarts.ECharts): void {
  if (!observer) {
    observer = new ResizeObserver((entries) => {
      for (const e of entries) echarts.getInstanceByDom(e.target as HTMLElement)?.resize();
    });
  }
  observer.observe(el);
  live.add(chart);
}

// Disposes every chart (called when the page changes).
export function disposeCharts(): void {
  for (const c of live) {
    const el = c.getDom();
    observer?.unobserve(el);
    c.dispose();
  }
  live.clear();
}

// A chart container: a <div role="img"> with its description.
export function chartBox(label: string, className = 'chart'): HTMLDivElement {
  return h('div', { class: className, role: 'img', 'aria-label': label });
}

function init(el: HTMLElement): echarts.ECharts {
  const existing = echarts.getInstanceByDom(el);
  if (existing) {
    live.delete(existing);
    existing.dispose();
  }
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  observe(el, chart);
  return chart;
}

// Colours: the partner's own data in the accent colour, others from a calm palette.
const kPalette = ['#2364aa', '#e07a1f', '#3a9d5d', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b8860b'];
export function colorFor(index: number): string {
  return kPalette[index % kPalette.length];
}

const kTooltip = {
  confine: true, // No arrow: ECharts would draw it with an inline style attribute.
  backgroundColor: '#ffffff',
  borderColor: '#9aa5b1',
  textStyle: { color: '#1f2933' },
};

function tip(title: string, lines: string[]): HTMLElement {
  return h('div', { class: 'chart-tip' }, h('strong', {}, title), ...lines.map((l) => h('div', {}, l)));
}

// Axis bounds around [lo, hi] with some room, on multiples of a round step (1, 2 or 5 times a
// power of ten, about five steps), rates kept within 0-100%. The axis uses the step as its
// interval, so every label is a round number.
function niceBounds(lo: number, hi: number, scale: Scale): [number, number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 100, 20];
  const span = Math.max(hi - lo, scale === 'rate' ? 4 : Math.abs(hi) * 0.1 || 1);
  const raw = (span * 1.3) / 5;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw) ?? 10 * pow;
  let min = Math.floor((lo - span * 0.15) / step) * step;
  let max = Math.ceil((hi + span * 0.15) / step) * step;
  if (scale === 'rate') {
    min = Math.max(0, min);
    max = Math.min(100, max);
  }
  if (scale !== 'nps' && lo >= 0) min = Math.max(0, min);
  const round = (v: number) => Number(v.toFixed(6));
  return [round(min), round(max), round(step)];
}

// "2026-03" as "Mar 2026" on axes.
const kShortMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function shortMonth(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${kShortMonths[Number(m[2]) - 1]} ${m[1]}` : period;
}

export interface QuadrantPoint {
  label: string;
  x: number | null; // Already on the chart's scale (percent for rates).
  y: number | null;
  xText: string;
  yText: string;
  highlight: boolean; // The caller's own partner, or a named partner for clients.
}

// The watermelon quadrant: SLA (x) against outcome (y), lines at the medians, and the
// "green outside, red inside" corner (SLA at or above the median, outcome below) shaded.
export function quadrant(
  el: HTMLElement,
  points: QuadrantPoint[],
  xName: string,
  yName: string,
  xScale: Scale,
  yScale: Scale,
  xBetter: 'higher' | 'lower',
  yBetter: 'higher' | 'lower',
): void {
  const chart = init(el);
  const pts = points.filter((p) => p.x !== null && p.y !== null) as (QuadrantPoint & { x: number; y: number })[];
  const median = (vs: number[]): number => {
    const s = [...vs].sort((a, b) => a - b);
    if (s.length === 0) return 0;
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [xMin, xMax, xStep] = niceBounds(Math.min(...xs), Math.max(...xs), xScale);
  const [yMin, yMax, yStep] = niceBounds(Math.min(...ys), Math.max(...ys), yScale);
  const mx = median(xs);
  const my = median(ys);
  // The watermelon corner: good on speed, bad on outcome.
  const xGood: [number, number] = xBetter === 'higher' ? [mx, xMax] : [xMin, mx];
  const yBad: [number, number] = yBetter === 'higher' ? [yMin, my] : [my, yMax];
  chart.setOption({
    animation: false,
    grid: { left: 70, right: 70, top: 30, bottom: 60 },
    tooltip: {
      ...kTooltip,
      trigger: 'item',
      formatter: (p: { dataIndex: number; seriesIndex: number }) => {
        if (p.seriesIndex !== 0) return '';
        const d = pts[p.dataIndex];
        return tip(d.label, [`${xName}: ${d.xText}`, `${yName}: ${d.yText}`]);
      },
    },
    xAxis: {
      type: 'value', min: xMin, max: xMax, interval: xStep, name: `${xName}${axisUnit(xScale) ? ` (${axisUnit(xScale)})` : ''}`,
      nameLocation: 'middle', nameGap: 32, splitLine: { show: false },
    },
    yAxis: {
      type: 'value', min: yMin, max: yMax, interval: yStep, name: `${yName}${axisUnit(yScale) ? ` (${axisUnit(yScale)})` : ''}`,
      nameLocation: 'middle', nameGap: 48, splitLine: { show: false },
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 16,
        data: pts.map((p) => ({
          value: [p.x, p.y],
          itemStyle: { color: p.highlight ? '#2364aa' : '#9aa5b1', borderColor: '#1f2933', borderWidth: p.highlight ? 1 : 0 },
          label: { show: true, formatter: p.label, position: 'right', color: '#1f2933', fontWeight: p.highlight ? 'bold' : 'normal' },
        })),
        markLine: {
          silent: true, symbol: 'none', lineStyle: { color: '#7b8794', type: 'dashed' },
          label: { formatter: 'median', color: '#52606d' },
          data: [{ xAxis: mx }, { yAxis: my }],
        },
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(214, 69, 69, 0.10)' },
          label: { show: true, position: 'insideBottomRight', color: '#a61b1b', formatter: 'Watermelon corner: SLA green, outcome red' },
          data: [[{ coord: [xGood[0], yBad[0]] }, { coord: [xGood[1], yBad[1]] }]],
        },
      },
    ],
  });
}

export interface BandSeries {
  periods: string[];
  value: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  target?: number | null;
}

// A metric over months with its 95% interval as a shaded band.
export function bandChart(el: HTMLElement, name: string, scale: Scale, s: BandSeries, texts: string[]): void {
  const chart = init(el);
  const hasBand = s.low.some((v) => v !== null) && s.high.some((v) => v !== null);
  const series: object[] = [];
  if (hasBand) {
    series.push(
      { name: 'low', type: 'line', data: s.low, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, silent: true },
      {
        name: '95% interval', type: 'line', stack: 'band', symbol: 'none', silent: true,
        data: s.high.map((hi, i) => (hi === null || s.low[i] === null ? null : hi - (s.low[i] as number))),
        lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(35, 100, 170, 0.18)' },
      },
    );
  }
  series.push({
    name, type: 'line', data: s.value, symbolSize: 7, lineStyle: { width: 2, color: '#2364aa' }, itemStyle: { color: '#2364aa' },
    markLine: s.target === null || s.target === undefined ? undefined : {
      silent: true, symbol: 'none', lineStyle: { color: '#a61b1b', type: 'dashed' },
      label: { formatter: 'target', color: '#a61b1b' }, data: [{ yAxis: s.target }],
    },
  });
  const all = [...s.value, ...s.low, ...s.high, s.target ?? null].filter((v): v is number => v !== null);
  const [yMin, yMax, yStep] = niceBounds(Math.min(...all), Math.max(...all), scale);
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 20, top: 16, bottom: 28 },
    tooltip: {
      ...kTooltip,
      trigger: 'axis',
      formatter: (ps: { dataIndex: number }[]) => {
        const i = ps[0]?.dataIndex ?? 0;
        return tip(month(s.periods[i]), [texts[i]]);
      },
    },
    xAxis: { type: 'category', data: s.periods.map(shortMonth), boundaryGap: false },
    yAxis: {
      type: 'value',
      min: yMin,
      max: yMax,
      interval: yStep,
      axisLabel: { formatter: (v: number) => (scale === 'rate' ? `${v}%` : String(Math.round(v * 100) / 100)) },
    },
    series,
  });
}

export interface TrendLine {
  name: string;
  data: (number | null)[];
  texts: string[];
}

// Several partners' values of one metric over months.
export function trendChart(el: HTMLElement, periods: string[], lines: TrendLine[], scale: Scale): void {
  const chart = init(el);
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 20, top: 40, bottom: 28 },
    legend: { top: 0, type: 'scroll' },
    tooltip: {
      ...kTooltip,
      trigger: 'axis',
      formatter: (ps: { dataIndex: number; seriesIndex: number }[]) => {
        const i = ps[0]?.dataIndex ?? 0;
        return tip(
          month(periods[i]),
          ps.map((p) => `${lines[p.seriesIndex].name}: ${lines[p.seriesIndex].texts[i]}`),
        );
      },
    },
    xAxis: { type: 'category', data: periods.map(shortMonth), boundaryGap: false },
    yAxis: {
      type: 'value', scale: true,
      axisLabel: { formatter: (v: number) => (scale === 'rate' ? `${v}%` : formatValue(v, scale === 'nps' ? 'mean' : scale)) },
    },
    series: lines.map((l, i) => ({
      name: l.name, type: 'line', data: l.data, symbolSize: 6, connectNulls: false,
      lineStyle: { color: colorFor(i) }, itemStyle: { color: colorFor(i) },
    })),
  });
}
