// The closed lists the server knows (src/domain on the server), defined once for every page:
// forms, filters, menus and guards read them from here. Each has a message in both languages
// (enums.test.ts checks it).
import type { Schemas } from './api/client'

export const CATEGORIES = ['food_clothing', 'education', 'medical', 'housing', 'drinking_water', 'production', 'employment', 'care', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

export const URGENCIES = ['normal', 'urgent', 'critical'] as const
export type Urgency = (typeof URGENCIES)[number]

export const NEED_STATUSES = ['pending_review', 'open', 'fully_pledged', 'fulfilled', 'rejected', 'withdrawn', 'expired'] as const
/** The statuses of a published need, as search filters by them. */
export const PUBLIC_NEED_STATUSES = ['open', 'fully_pledged', 'fulfilled'] as const

export const PLEDGE_STATUSES = ['pending_approval', 'approved', 'delivered', 'confirmed', 'rejected', 'cancelled', 'expired'] as const
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number]
/** A supporter may still cancel a pledge in these. */
export const CANCELLABLE_PLEDGE_STATUSES: readonly string[] = ['pending_approval', 'approved']

export const OFFER_STATUSES = ['active', 'used_up', 'withdrawn', 'expired'] as const

export type Role = Schemas['Role']
export const ROLES = ['household', 'donor', 'enterprise', 'social_org', 'official', 'admin'] as const satisfies readonly Role[]
/** Those who pledge, offer and see a contribution report. */
export const SUPPORTER_ROLES = ['donor', 'enterprise', 'social_org'] as const satisfies readonly Role[]
/** The roles one can register as (officials are appointed, admins created on the server). */
export const REGISTRATION_ROLES = ['donor', 'enterprise', 'social_org', 'household'] as const satisfies readonly Role[]

export function isSupporter(role: string | null | undefined): boolean {
  return (SUPPORTER_ROLES as readonly string[]).includes(role ?? '')
}

// 三查 (src/domain/checks.rs on the server): round kinds, what a round samples, findings,
// rectifications and revisits.
export const CHECK_KINDS = ['self', 'cross', 'spot'] as const
export type CheckKind = (typeof CHECK_KINDS)[number]
export const CHECK_SUBJECTS = ['needs', 'deliveries'] as const
export const FINDING_RESULTS = ['ok', 'problem'] as const
export const PROBLEM_KINDS = ['not_eligible', 'not_delivered', 'quantity_short', 'quality', 'data_wrong', 'other'] as const
export const RECTIFICATION_STATUSES = ['open', 'answered', 'accepted'] as const
export const REVISIT_OUTCOMES = ['improved', 'same', 'worse', 'at_risk'] as const
export const DISCLOSURE_OUTCOMES = ['rectified_on_time', 'rectified_late'] as const

/** A need to check and post, pre-filled (what a revisit at risk suggests). */
export interface NeedDraft { title: string; description: string; category: Category; quantity: number; unit: string; estimated_value_fen: number; urgency: Urgency; deadline: string }

// 消费扶贫 (src/domain/product.rs and order.rs on the server): product categories and the statuses
// of products and orders; who sells and who buys.
export const PRODUCT_CATEGORIES = ['grain', 'fruit_vegetables', 'mushrooms', 'nuts', 'herbs', 'meat_eggs', 'tea', 'handicraft', 'other'] as const satisfies readonly Schemas['ProductCategory'][]
export const PRODUCT_STATUSES = ['pending_certification', 'listed', 'delisted', 'rejected'] as const satisfies readonly Schemas['ProductStatus'][]
export const ORDER_STATUSES = ['placed', 'paid', 'shipped', 'received', 'cancelled', 'expired'] as const satisfies readonly Schemas['OrderStatus'][]
export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'households_helped'] as const
/** Households sell their own produce; enterprises and social organizations sell certified products. */
export const SELLER_ROLES = ['household', 'enterprise', 'social_org'] as const satisfies readonly Role[]
/** Everyone signed in but officials and admins buys (a seller never its own product). */
export const BUYER_ROLES = ['donor', 'enterprise', 'social_org', 'household'] as const satisfies readonly Role[]

export function isSeller(role: string | null | undefined): boolean {
  return (SELLER_ROLES as readonly string[]).includes(role ?? '')
}
export function isBuyer(role: string | null | undefined): boolean {
  return (BUYER_ROLES as readonly string[]).includes(role ?? '')
}

// 就业扶贫 (src/domain/employment on the server): skills, pay periods, how far a household would go
// for work, age bands (an application names no person), and the statuses of jobs and applications;
// who posts jobs and who applies.
export const SKILLS = [
  'farming', 'livestock', 'construction', 'manufacturing', 'sewing', 'handicraft', 'cooking', 'cleaning',
  'care', 'driving', 'logistics', 'electrician', 'welding', 'ecommerce', 'retail', 'security',
] as const satisfies readonly Schemas['Skill'][]
export type Skill = (typeof SKILLS)[number]
/** At most this many skills on a job, an application or a household's record (the server's MAX_SKILLS). */
export const MAX_SKILLS = 8
export const PAY_PERIODS = ['month', 'day', 'piece'] as const satisfies readonly Schemas['PayPeriod'][]
export type PayPeriod = (typeof PAY_PERIODS)[number]
export const TRAVEL = ['county', 'province', 'anywhere'] as const satisfies readonly Schemas['Travel'][]
/** What the server accepts and answers in an application. */
export const AGE_BANDS = ['16_24', '25_34', '35_44', '45_54', '55_64'] as const
export type AgeBand = (typeof AGE_BANDS)[number]
export const JOB_STATUSES = ['open', 'filled', 'closed'] as const satisfies readonly Schemas['JobStatus'][]
export const APPLICATION_STATUSES = ['applied', 'invited', 'accepted', 'hired', 'declined', 'withdrawn'] as const satisfies readonly Schemas['ApplicationStatus'][]
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]
export const JOB_SORTS = ['relevance', 'pay_desc', 'newest', 'closing_soon'] as const
/** The retention checks lists: due and unanswered (the default), not due yet, answered. */
export const RETENTION_FILTERS = ['due', 'upcoming', 'answered'] as const
/** Enterprises and social organizations post jobs (once an official or admin verified them). */
export const EMPLOYER_ROLES = ['enterprise', 'social_org'] as const satisfies readonly Role[]
/** A household applies for itself; an official for a household of its jurisdiction. */
export const APPLICANT_ROLES = ['household', 'official'] as const satisfies readonly Role[]

export function isEmployer(role: string | null | undefined): boolean {
  return (EMPLOYER_ROLES as readonly string[]).includes(role ?? '')
}

// ---- Stories (扶贫展示) and the honour roll (扶贫榜样) ----
export const STORY_STATUSES = ['draft', 'in_review', 'published', 'rejected'] as const satisfies readonly Schemas['StoryStatus'][]
export type StoryStatus = (typeof STORY_STATUSES)[number]
/** A story's subject kinds: a confirmed pledge, or a hire. */
export const STORY_SUBJECTS = ['pledge', 'job_application'] as const satisfies readonly Schemas['StorySubject'][]
/** Roles whose stories `/me/stories` lists: the household's own, the official's written ones. */
export const STORY_ROLES = ['household', 'official'] as const satisfies readonly Role[]
/** The first year the honour roll counts. */
export const HONOUR_FIRST_YEAR = 2020
// 扶贫众筹 and campaigns (src/domain/crowdfunding and campaigns on the server): project statuses,
// what the public search filters and sorts by, how a project closes, campaign phases; who proposes,
// hosts, pledges, creates campaigns and pledges matching funds.
export const PROJECT_STATUSES = ['pending_review', 'open', 'rejected', 'completed', 'failed', 'cancelled'] as const satisfies readonly Schemas['ProjectStatus'][]
/** The statuses the public search knows (approved projects only). */
export const PUBLIC_PROJECT_STATUSES = ['open', 'completed', 'failed', 'cancelled'] as const
export const PROJECT_SORTS = ['newest', 'deadline', 'progress'] as const
export const CLOSE_OUTCOMES = ['completed', 'failed', 'cancelled'] as const
export const PROJECT_PLEDGE_STATUSES = ['pledged', 'received', 'lapsed'] as const
export const CAMPAIGN_PHASES = ['current', 'upcoming', 'past'] as const satisfies readonly Schemas['CampaignPhase'][]
/** Individuals and organizations pledge to a project. */
export const PROJECT_SUPPORTER_ROLES = ['donor', 'enterprise', 'social_org'] as const satisfies readonly Role[]
/** A verified social organization hosts projects (receives the money, spends it, reports). */
export const HOST_ROLES = ['social_org'] as const satisfies readonly Role[]
/** Admins and (city) officials create campaigns; the server checks the official's level. */
export const CAMPAIGN_CREATOR_ROLES = ['admin', 'official'] as const satisfies readonly Role[]
