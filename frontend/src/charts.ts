// The app's charts, with ECharts loaded only when a page first draws one (it stays out of the
// pages' initial JavaScript). Pages redraw them when the language changes (their labels are text).

async function echarts() {
  const core = await import('echarts/core')
  const { BarChart, PieChart } = await import('echarts/charts')
  const { GridComponent, TooltipComponent, LegendComponent } = await import('echarts/components')
  const { CanvasRenderer } = await import('echarts/renderers')
  core.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer])
  return core
}

async function chartOn(el: HTMLElement) {
  const core = await echarts()
  return core.getInstanceByDom(el) ?? core.init(el)
}

const BRAND = '#c0392b'
const PALETTE = ['#c0392b', '#1f5fa8', '#2a7030', '#a35200', '#5f6368', '#7b3fa0', '#00796b', '#ad1457', '#455a64']

/** Bars in Bangfu red, one per label; redrawing the same element replaces the chart. */
export async function barChart(el: HTMLElement, labels: string[], values: number[], rotateLabels = true, format: (v: number) => string = String) {
  ;(await chartOn(el)).setOption(
    {
      tooltip: { valueFormatter: (v: unknown) => format(Number(v)) },
      grid: { left: 10, right: 10, top: 10, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: rotateLabels ? 30 : 0, interval: 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
      series: [{ type: 'bar', data: values, itemStyle: { color: BRAND } }],
    },
    true,
  )
}

/**
 * A ring chart of named values. The slices carry no labels (they overlapped on small slices); a
 * legend names each with its value, and the tooltip says the share.
 */
export async function ringChart(el: HTMLElement, data: { name: string; value: number }[]) {
  const byName = new Map(data.map((d) => [d.name, d.value]))
  ;(await chartOn(el)).setOption(
    {
      color: PALETTE,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', formatter: (name: string) => `${name}  ${byName.get(name) ?? 0}` },
      series: [{ type: 'pie', radius: ['40%', '70%'], center: ['35%', '50%'], avoidLabelOverlap: true, label: { show: false }, labelLine: { show: false }, data: data.filter((d) => d.value > 0) }],
    },
    true,
  )
}
