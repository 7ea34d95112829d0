// The officials' CSV exports, in the user's language: translated headers, category and status
// names instead of codes, money in yuan and times in Beijing time.
import type { Schemas } from './api/client'
import { beijingTime } from './format'
import type { ContributionItem } from './api/shop'

type T = (key: string, values?: Record<string, unknown>) => string

export function needRows(t: T, needs: Schemas['NeedView'][]): { header: string[]; rows: (string | number)[][] } {
  return {
    header: [t('csv.id'), t('offers.fields.title'), t('search.category'), t('search.urgency'), t('pledges.status'), t('need.quantity'), t('csv.pledged'),
      t('csv.confirmed'), t('offers.fields.unit'), t('csv.valueYuan'), t('search.region'), t('need.household'), t('csv.deadline'), t('csv.published')],
    rows: needs.map((n) => [n.id, n.title, t(`category.${n.category}`), t(`urgency.${n.urgency}`), t(`needStatus.${n.status}`), n.quantity, n.pledged_quantity,
      n.confirmed_quantity, n.unit, (n.estimated_value_fen / 100).toFixed(2), n.region.full_name, n.household_label, beijingTime(n.deadline), beijingTime(n.published_at)]),
  }
}

export function pledgeRows(t: T, pledges: Schemas['PledgeView'][], needs: Record<string, Schemas['NeedView']>): { header: string[]; rows: (string | number)[][] } {
  return {
    header: [t('csv.id'), t('review.need'), t('need.quantity'), t('offers.fields.unit'), t('pledges.status'), t('csv.created'), t('csv.decided'),
      t('csv.delivered'), t('csv.confirmedAt'), t('mine.rating'), t('pledges.note')],
    rows: pledges.map((p) => [p.id, needs[p.need_id]?.title ?? p.need_id, p.quantity, needs[p.need_id]?.unit ?? '', t(`pledgeStatus.${p.status}`),
      beijingTime(p.created_at), beijingTime(p.decided_at), beijingTime(p.delivered_at), beijingTime(p.confirmed_at), p.rating ?? '', p.delivery_note ?? '']),
  }
}

/** A supporter's contribution, one row per pledge or purchase, for its CSV. */
export function contributionRows(t: T, items: ContributionItem[], regionName: (code: string) => string): { header: string[]; rows: (string | number)[][] } {
  return {
    header: [t('contribution.type'), t('contribution.item'), t('need.quantity'), t('offers.fields.unit'), t('contribution.value'), t('contribution.status'),
      t('contribution.region'), t('contribution.date')],
    rows: items.map((i) => [t(`contribution.kind.${i.kind}`), i.title, i.quantity, i.unit, i.value_fen == null ? '' : (i.value_fen / 100).toFixed(2),
      t(i.kind === 'purchase' ? `orderStatus.${i.status}` : `pledgeStatus.${i.status}`), regionName(i.region_code), beijingTime(i.created_at)]),
  }
}
