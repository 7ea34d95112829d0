import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { installGuards } from './guards'
import { useAuth } from './stores/auth'
import { applyTheme } from './theme'

applyTheme()

const app = createApp(App).use(createPinia()).use(i18n)
const auth = useAuth()
// Before the router starts: the first navigation waits for the session restored from the cookie.
installGuards(router, auth)
app.use(router)
void auth.restore()
app.mount('#app')
