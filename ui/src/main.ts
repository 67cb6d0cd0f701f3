performance.mark('zhucun:script')
import { createPinia } from 'pinia'
import { createApp, nextTick } from 'vue'
import App from './App.vue'
import { openingRoute, router } from './router'
import { useAppStore } from './stores/app'
import { useHouseholdsStore } from './stores/households'
import { useTeamStore } from './stores/team'
import './app.css'

const pinia = createPinia()
const app = createApp(App).use(pinia)

// Start-up. The app info and the villages are asked for first: the router's guard needs them.
const appStore = useAppStore(pinia)
const loaded = appStore.ensureLoaded()
// The bare address opens on 今日 when the laptop has a team (the router's guard decides): the members
// and the page's code are asked for at once, and the household list only once it is known to be next.
const atHome = router.resolve(router.options.history.location).name === 'home'
if (atHome) {
  const team = useTeamStore(pinia)
  const households = useHouseholdsStore(pinia)
  void import('./pages/TodayPage.vue')
  void Promise.all([loaded, team.load()]).then(() => {
    const list = appStore.info && !appStore.firstStart && !appStore.awaitingFirstSync && team.members.length === 0
    if (list) households.prefetch()
  })
} else if (openingRoute().name === 'households') {
  // The household list is asked for right behind them — in parallel when the village is remembered
  // from last time, else as soon as the villages are known — so its rows are on their way while the
  // window is built. The page then shows that answer instead of asking again.
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
