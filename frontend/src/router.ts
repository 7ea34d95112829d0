import { createRouter, createWebHistory } from 'vue-router'

// Each page is its own chunk, loaded when first visited.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./views/HomePage.vue') },
    { path: '/search', name: 'search', component: () => import('./views/SearchPage.vue') },
    { path: '/needs/:id', name: 'need', component: () => import('./views/NeedPage.vue'), props: true },
    { path: '/login', name: 'login', component: () => import('./views/LoginPage.vue') },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
  ],
})
