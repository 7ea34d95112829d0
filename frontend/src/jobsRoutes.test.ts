// The jobs pages (issue 19) by role: the board and a job are public; the employer's desk is for
// enterprises and social organizations; a household's applications and work form for households;
// a household's work form by id also for officials; the officials' jobs page for officials.
import { describe, expect, it } from 'vitest'
import { decide } from './guards'
import { router } from './router'
import { ROLES } from './enums'

const WHO: Record<string, readonly string[] | 'anyone'> = {
  '/jobs': 'anyone',
  '/jobs/5b1f0c1e-0000-4000-8000-000000000001': 'anyone',
  '/employer': ['enterprise', 'social_org'],
  '/me/applications': ['household'],
  '/me/work': ['household'],
  '/households/5b1f0c1e-0000-4000-8000-000000000002/work': ['household', 'official'],
  '/official/jobs': ['official'],
}

describe('the jobs pages', () => {
  for (const [path, who] of Object.entries(WHO)) {
    it(`let in ${who === 'anyone' ? 'anyone' : who.join(', ')} at ${path}`, () => {
      const to = router.resolve(path)
      expect(to.name).not.toBe('not-found')
      expect(to.meta.title).toBeTruthy()
      for (const role of ROLES) {
        const allowed = who === 'anyone' || who.includes(role)
        expect(decide(to, { signedIn: true, role }) === true, `${role} at ${path}`).toBe(allowed)
      }
      expect(decide(to, { signedIn: false, role: null }) === true).toBe(who === 'anyone')
    })
  }
})
