// The moves on an application that need no form (invite, accept, decline, withdraw): each asks first,
// saying what follows, then runs and reports in the user's language. Hiring has its dialog
// (HireDialog.vue).
import type { Client } from '../api/client'
import { act, confirmAction } from '../composables'
import { i18n } from '../i18n'
import type { Application, ApplicationMove } from '../jobs'

type Simple = Exclude<ApplicationMove, 'hire'>

const DONE: Record<Simple, string> = { invite: 'invited', accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' }

/** Asks, then makes the move; true when it was made. */
export async function move(api: Client, a: Application, m: Simple): Promise<boolean> {
  const t = i18n.global.t
  const ask: Record<Simple, string> = {
    invite: t('jobs.application.confirmInvite'),
    accept: t('jobs.application.confirmAccept', { org: a.job.organization }),
    decline: t('jobs.application.confirmDecline'),
    withdraw: t('jobs.application.confirmWithdraw', { title: a.job.title }),
  }
  const label = t(`jobs.application.${m}`)
  if (!(await confirmAction(label, ask[m], label))) return false
  const path = { id: a.id }
  const run = () => {
    if (m === 'invite') return api.post('/api/v1/applications/{id}/invite', { path })
    if (m === 'accept') return api.post('/api/v1/applications/{id}/accept', { path })
    if (m === 'decline') return api.post('/api/v1/applications/{id}/decline', { path, body: {} })
    return api.post('/api/v1/applications/{id}/withdraw', { path, body: {} })
  }
  return act(run, t(`jobs.application.${DONE[m]}`))
}
