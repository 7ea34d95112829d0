import { createRouter, createWebHistory } from 'vue-router'
import { BUYER_ROLES, CAMPAIGN_CREATOR_ROLES, EMPLOYER_ROLES, HOST_ROLES, SELLER_ROLES, SUPPORTER_ROLES } from './enums'

const OFFICIAL = ['official'] as const

// Each page is its own chunk, loaded when first visited. `roles` guards a page (guards.ts); `title`
// names it in the browser's tab.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./views/HomePage.vue'), meta: { title: 'titles.home' } },
    { path: '/search', name: 'search', component: () => import('./views/SearchPage.vue'), meta: { title: 'nav.needs' } },
    { path: '/offers', name: 'offers', component: () => import('./views/OfferSearchPage.vue'), meta: { title: 'offerSearch.title' } },
    { path: '/products', name: 'products', component: () => import('./views/ProductsPage.vue'), meta: { title: 'catalogue.title' } },
    { path: '/products/:id', name: 'product', component: () => import('./views/ProductPage.vue'), props: true, meta: { title: 'titles.product' } },
    { path: '/seller', name: 'seller', component: () => import('./views/SellerPage.vue'), meta: { title: 'seller.title', roles: SELLER_ROLES } },
    { path: '/me/orders', name: 'my-orders', component: () => import('./views/MyOrdersPage.vue'), meta: { title: 'orders.title', roles: BUYER_ROLES } },
    { path: '/jobs', name: 'jobs', component: () => import('./views/JobsPage.vue'), meta: { title: 'jobs.board.title' } },
    { path: '/jobs/:id', name: 'job', component: () => import('./views/JobPage.vue'), props: true, meta: { title: 'jobs.board.title' } },
    { path: '/employer', name: 'employer', component: () => import('./views/EmployerPage.vue'), meta: { title: 'jobs.employer.title', roles: EMPLOYER_ROLES } },
    { path: '/me/applications', name: 'my-applications', component: () => import('./views/MyApplicationsPage.vue'), meta: { title: 'jobs.mine.title', roles: ['household'] } },
    { path: '/me/work', name: 'my-work', component: () => import('./views/HouseholdWorkPage.vue'), meta: { title: 'jobs.work.title', roles: ['household'] } },
    { path: '/households/:id/work', name: 'household-work', component: () => import('./views/HouseholdWorkPage.vue'), props: true, meta: { title: 'jobs.work.title', roles: ['household', 'official'] } },
    { path: '/official/jobs', name: 'official-jobs', component: () => import('./views/OfficialJobsPage.vue'), meta: { title: 'jobs.official.title', roles: OFFICIAL } },
    { path: '/projects', name: 'projects', component: () => import('./views/ProjectsPage.vue'), meta: { title: 'projects.title' } },
    { path: '/projects/new', name: 'project-new', component: () => import('./views/ProjectNewPage.vue'), meta: { title: 'propose.title', roles: OFFICIAL } },
    { path: '/projects/:id', name: 'project', component: () => import('./views/ProjectPage.vue'), props: true, meta: { title: 'projects.title' } },
    { path: '/host', name: 'host', component: () => import('./views/HostPage.vue'), meta: { title: 'host.title', roles: HOST_ROLES } },
    { path: '/me/projects', name: 'my-projects', component: () => import('./views/HostPage.vue'), meta: { title: 'host.officialTitle', roles: OFFICIAL } },
    { path: '/campaigns', name: 'campaigns', component: () => import('./views/CampaignsPage.vue'), meta: { title: 'campaigns.title' } },
    { path: '/campaigns/new', name: 'campaign-new', component: () => import('./views/CampaignNewPage.vue'), meta: { title: 'campaignNew.title', roles: CAMPAIGN_CREATOR_ROLES } },
    { path: '/campaigns/:id', name: 'campaign', component: () => import('./views/CampaignPage.vue'), props: true, meta: { title: 'campaigns.title' } },
    { path: '/figures', name: 'figures', component: () => import('./views/FiguresPage.vue'), meta: { title: 'figures.title' } },
    { path: '/me/report', name: 'report', component: () => import('./views/ReportPage.vue'), meta: { title: 'report.title', roles: SUPPORTER_ROLES } },
    { path: '/needs/:id', name: 'need', component: () => import('./views/NeedPage.vue'), props: true, meta: { title: 'titles.need' } },
    { path: '/me/pledges', name: 'my-pledges', component: () => import('./views/PledgesPage.vue'), meta: { title: 'pledges.title', roles: SUPPORTER_ROLES } },
    { path: '/me/offers', name: 'my-offers', component: () => import('./views/OffersPage.vue'), meta: { title: 'offers.title', roles: SUPPORTER_ROLES } },
    { path: '/me/needs', name: 'my-needs', component: () => import('./views/MyNeedsPage.vue'), meta: { title: 'mine.title', roles: ['household'] } },
    { path: '/review', name: 'review', component: () => import('./views/ReviewPage.vue'), meta: { title: 'review.title', roles: OFFICIAL } },
    { path: '/official', name: 'official', component: () => import('./views/OfficialPage.vue'), meta: { title: 'official.title', roles: OFFICIAL } },
    { path: '/checks', name: 'checks', component: () => import('./views/ChecksPage.vue'), meta: { title: 'checks.title', roles: OFFICIAL } },
    { path: '/checks/:id', name: 'check', component: () => import('./views/CheckPage.vue'), props: true, meta: { title: 'checks.title', roles: OFFICIAL } },
    { path: '/rectifications', name: 'rectifications', component: () => import('./views/RectificationsPage.vue'), meta: { title: 'rect.title', roles: OFFICIAL } },
    { path: '/revisits', name: 'revisits', component: () => import('./views/RevisitsPage.vue'), meta: { title: 'revisits.title', roles: OFFICIAL } },
    { path: '/officials/:id/figures', name: 'official-figures', component: () => import('./views/OfficialFiguresPage.vue'), props: true, meta: { title: 'officialFigures.title', roles: OFFICIAL } },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminPage.vue'), meta: { title: 'admin.title', roles: ['admin', 'official'] } },
    { path: '/audit', name: 'audit', component: () => import('./views/AuditPage.vue'), meta: { title: 'audit.title' } },
    { path: '/register', name: 'register', component: () => import('./views/RegisterPage.vue'), meta: { title: 'register.title' } },
    { path: '/login', name: 'login', component: () => import('./views/LoginPage.vue'), meta: { title: 'login.title' } },
    { path: '/forbidden', name: 'forbidden', component: () => import('./views/ForbiddenPage.vue'), meta: { title: 'forbidden.title' } },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue'), meta: { title: 'notFound' } },
  ],
})
