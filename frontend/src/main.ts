import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { useAuth } from './stores/auth'

const app = createApp(App).use(createPinia()).use(router).use(i18n)
useAuth().loadMe()
app.mount('#app')
