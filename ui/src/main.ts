performance.mark('zhucun:script')
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import './app.css'

const app = createApp(App)
app.use(createPinia())
app.use(router)
router.isReady().then(() => {
  app.mount('#app')
  performance.mark('zhucun:mounted')
})
