performance.mark('zhucun:script')
import { createPinia } from 'pinia'
import { createApp, nextTick } from 'vue'
import App from './App.vue'
import { openingRoute, router } from './router'
import { useAppStore } from './stores/app'
import { useHouseholdsStore } from './stores/households'
import './app.css'

const pinia = createPinia()
const app = createApp(App).use(pinia)

// Start-up. The app info and the villages are asked for first: the router's guard needs them.
const appStore = useAppStore(pinia)
const loaded = appStore.ensureLoaded()
// The household list, the usual first page, is asked for right behind them — in parallel when the
// village is remembered from last time, else as soon as the villages are known — so its rows are on
// their way while the window is built. The page then shows that answer instead of asking again.
if (openingRoute().name === 'households') {
  const households = useHouseholdsStore(pinia)
  if (appStore.villageId) households.prefetch()
  void loaded.then(() => {
    if (appStore.info && !appStore.firstStart && !appStore.awaitingFirstSync) households.prefetch()
    else households.invalidate()
  })
}

// Mounted at once: the shell is built while the app info is on its way, and the page follows as soon
// as the first navigation (which waits for the app info) is done. The first page sends `ui_ready`
// once its content is on screen.
app.use(router)
app.mount('#app')
performance.mark('zhucun:mounted')
void router.isReady().then(
  () => nextTick(() => performance.mark('zhucun:page')),
  () => undefined,
)
