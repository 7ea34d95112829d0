// The app's charts, with ECharts loaded only when a page first draws one (it stays out of the
// pages' initial JavaScript).

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

/** Bars in Bangfu red, one per label; redrawing the same element replaces the chart. */
export async function barChart(el: HTMLElement, labels: string[], values: number[], rotateLabels = true) {
  ;(await chartOn(el)).setOption({
    tooltip: {},
    grid: { left: 40, right: 10, top: 10, bottom: 60 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: rotateLabels ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#c0392b' } }],
  })
}

/** A ring chart of named values with a legend. */
export async function ringChart(el: HTMLElement, data: { name: string; value: number }[]) {
  ;(await chartOn(el)).setOption({
    tooltip: {},
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data }],
  })
}
