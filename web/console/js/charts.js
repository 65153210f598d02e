/*
 * Charts drawn in the browser with Chart.js (its UMD build, served by Signpost from node_modules: no CDN). Every chart
 * on a page has a table beside it with the same figures, for screen readers and for copying. Colours keep 3:1 contrast
 * with the white page; animation is off for people who ask for less motion.
 */
/** Eight colours told apart from each other (and at least 3:1 on white): a chart never draws more series than this. */
export const PALETTE = ['#005eb8', '#d5281b', '#007f3b', '#330072', '#ae2573', '#8a4c00', '#4c6272', '#00727a'];
const drawn = new Map();

export const colour = (i) => PALETTE[i % PALETTE.length];

function lessMotion() {
  return Boolean(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
}

/**
 * A bar chart on the canvas with this id (replacing the one drawn there before).
 * datasets: [{label, data}]; stacked: bars on top of each other; horizontal: categories down the side; max: top of scale.
 */
export function barChart(canvasId, { labels, datasets, stacked = false, horizontal = false, max, wholeNumbers = true }) {
  const Chart = window.Chart;
  if (!Chart) throw new Error('The chart library did not load, so charts cannot be drawn. The tables show every figure.');
  const previous = drawn.get(canvasId);
  if (previous) previous.destroy();
  const values = { beginAtZero: true, stacked, ...(max === undefined ? {} : { max }), ticks: wholeNumbers ? { precision: 0 } : {} };
  const categories = { stacked };
  const chart = new Chart(document.getElementById(canvasId), {
    type: 'bar',
    data: {
      labels,
      datasets: datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: colour(i), borderWidth: 0 })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: lessMotion() ? false : { duration: 250 },
      scales: horizontal ? { x: values, y: categories } : { x: categories, y: values },
      plugins: { legend: { display: datasets.length > 1, position: 'bottom' } },
    },
  });
  drawn.set(canvasId, chart);
  return chart;
}
