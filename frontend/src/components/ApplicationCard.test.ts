// What each side sees on an application: the employer sees the household's phone only once the
// household accepted; the household is told, once it accepted, that the employer now sees it; a
// hire shows its start date and pay per the job's period; a declined one says why it ended.
import { describe, expect, it } from 'vitest'
import { mount, RouterLinkStub } from '@vue/test-utils'
import ApplicationCard from './ApplicationCard.vue'
import { i18n, setLocale } from '../i18n'
import type { Application } from '../jobs'

function app(over: Partial<Application>): Application {
  return {
    id: 'a1', job: { id: 'j1', title: '扶贫车间缝纫工', organization: '卢氏县绿源农业有限公司' }, household_label: '某户 · 7F3A',
    region_code: '411224101200', region_path: ['河南省', '三门峡市', '卢氏县', '杜关镇', '杜关村村委会'], age_band: '35_44', skills: ['sewing'],
    note: '', status: 'applied', created_at: '2026-12-01T04:00:00Z', updated_at: '2026-12-01T04:00:00Z', contact_phone: null, my_party: 'employer',
    ...over,
  } as Application
}
function render(a: Application, payPeriod?: string, locale: 'zh' | 'en' = 'zh') {
  setLocale(locale)
  return mount(ApplicationCard, { props: { application: a, payPeriod }, global: { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } } })
}

describe('an application card', () => {
  it('shows the employer no phone before the household accepts, and says when it will', () => {
    const w = render(app({ status: 'invited' }))
    expect(w.find('[data-test=application-phone]').exists()).toBe(false)
    expect(w.text()).toContain('对方接受邀请后，这里会显示对方的电话')
    expect(w.text()).toContain('35–44 岁')
    expect(w.text()).toContain('卢氏县 杜关镇 杜关村村委会')
  })

  it('shows the employer the phone once accepted', () => {
    const w = render(app({ status: 'accepted', contact_phone: '13903981234' }))
    expect(w.find('[data-test=application-phone]').text()).toBe('联系电话：13903981234')
  })

  it('tells the household, once it accepted, that the employer sees its phone', () => {
    const w = render(app({ status: 'accepted', contact_phone: '13903981234', my_party: 'household' }))
    expect(w.find('[data-test=phone-shared]').text()).toContain('13903981234')
    expect(w.find('[data-test=application-phone]').exists()).toBe(false)
    // Before accepting, no such note.
    expect(render(app({ status: 'invited', contact_phone: '13903981234', my_party: 'household' })).find('[data-test=phone-shared]').exists()).toBe(false)
  })

  it('shows a hire’s start date and pay per period, and why one ended', () => {
    const w = render(app({ status: 'hired', start_date: '2026-11-01', pay_fen: 260000 }), 'month')
    expect(w.find('[data-test=application-hired]').text()).toBe('2026-11-01 到岗 · ¥2,600 / 月')
    expect(render(app({ status: 'declined', end_reason: 'job_filled' })).text()).toContain('岗位已招满')
  })

  it('speaks English too', () => {
    const w = render(app({ status: 'hired', start_date: '2026-11-01', pay_fen: 15000 }), 'day', 'en')
    expect(w.find('[data-test=application-status]').text()).toBe('Hired')
    expect(w.find('[data-test=application-hired]').text()).toBe('Starts 2026-11-01 · ¥150 / day')
    expect(w.text()).toContain('Sewing')
    setLocale('zh')
  })
})
