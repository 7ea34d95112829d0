import { createRouter, createWebHistory } from 'vue-router'

// Each page is its own chunk, loaded when first visited.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./views/HomePage.vue') },
    { path: '/search', name: 'search', component: () => import('./views/SearchPage.vue') },
    { path: '/offers', name: 'offers', component: () => import('./views/OfferSearchPage.vue') },
    { path: '/figures', name: 'figures', component: () => import('./views/FiguresPage.vue') },
    { path: '/me/report', name: 'report', component: () => import('./views/ReportPage.vue') },
    { path: '/needs/:id', name: 'need', component: () => import('./views/NeedPage.vue'), props: true },
    { path: '/me/pledges', name: 'my-pledges', component: () => import('./views/PledgesPage.vue') },
    { path: '/me/offers', name: 'my-offers', component: () => import('./views/OffersPage.vue') },
    { path: '/me/needs', name: 'my-needs', component: () => import('./views/MyNeedsPage.vue') },
    { path: '/review', name: 'review', component: () => import('./views/ReviewPage.vue') },
    { path: '/official', name: 'official', component: () => import('./views/OfficialPage.vue') },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminPage.vue') },
    { path: '/audit', name: 'audit', component: () => import('./views/AuditPage.vue') },
    { path: '/register', name: 'register', component: () => import('./views/RegisterPage.vue') },
    { path: '/login', name: 'login', component: () => import('./views/LoginPage.vue') },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
  ],
})
