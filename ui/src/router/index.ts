/**
 * The screens and where a first start goes. Hash history, so the built files work from Tauri's
 * custom protocol. Must not load data beyond the app info the guard needs.
 */
import { createRouter, createWebHashHistory, type RouteLocationResolved, type RouteRecordRaw } from 'vue-router'
// The list is the page the window opens on: imported with the app, so its first paint does not wait
// for one more file. The other pages load when first visited.
import HouseholdsPage from '@/pages/HouseholdsPage.vue'
import { useAppStore } from '@/stores/app'
import { useTeamStore } from '@/stores/team'

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * The screen needs households: on a first start it sends the user to the start page, and an
     * enrolled laptop still waiting for its roster to the sync page.
     */
    needsData?: boolean
    /** The menu entry to light up. */
    menu?: string
  }
}

export const routes: RouteRecordRaw[] = [
  // The window opens on 今日 (today) when the laptop has a team, else on the list (see the guard).
  { path: '/', name: 'home', redirect: { name: 'households' } },
  { path: '/start', name: 'start', component: () => import('@/pages/StartPage.vue') },
  {
    path: '/households',
    name: 'households',
    component: HouseholdsPage,
    meta: { needsData: true, menu: '/households' },
  },
  {
    path: '/households/:id',
    name: 'household',
    component: () => import('@/pages/HouseholdPage.vue'),
    props: true,
    meta: { needsData: true, menu: '/households' },
  },
  {
    path: '/households/:id/handbook',
    name: 'handbook',
    component: () => import('@/pages/HandbookPage.vue'),
    props: true,
    meta: { needsData: true, menu: '/households' },
  },
  // 待办 and 手册审核 read the village's households and the team's records.
  { path: '/due', name: 'due', component: () => import('@/pages/DuePage.vue'), meta: { needsData: true, menu: '/due' } },
  {
    path: '/handbook-audit',
    name: 'handbook-audit',
    component: () => import('@/pages/HandbookAuditPage.vue'),
    meta: { needsData: true, menu: '/handbook-audit' },
  },
  {
    path: '/roster',
    name: 'roster',
    component: () => import('@/pages/RosterPage.vue'),
    meta: { menu: '/roster' },
  },
  // The team's own records: they need team members, not households (an enrolled laptop can keep its
  // log before the roster arrives).
  { path: '/today', name: 'today', component: () => import('@/pages/TodayPage.vue'), meta: { menu: '/today' } },
  { path: '/attendance', name: 'attendance', component: () => import('@/pages/AttendancePage.vue'), meta: { menu: '/attendance' } },
  { path: '/leave', name: 'leave', component: () => import('@/pages/LeavePage.vue'), meta: { menu: '/leave' } },
  { path: '/meetings', name: 'meetings', component: () => import('@/pages/MeetingsPage.vue'), meta: { menu: '/meetings' } },
  // 走访 needs households to visit.
  { path: '/visits', name: 'visits', component: () => import('@/pages/VisitPage.vue'), meta: { needsData: true, menu: '/visits' } },
  {
    path: '/visits/coverage',
    name: 'coverage',
    component: () => import('@/pages/CoveragePage.vue'),
    meta: { needsData: true, menu: '/visits' },
  },
  // 问题台账 needs a village (a household's or the village's own problems).
  { path: '/problems', name: 'problems', component: () => import('@/pages/ProblemsPage.vue'), meta: { needsData: true, menu: '/problems' } },
  { path: '/ledgers', name: 'ledgers', component: () => import('@/pages/LedgersPage.vue'), meta: { menu: '/ledgers' } },
  { path: '/settings', name: 'settings', component: () => import('@/pages/SettingsPage.vue'), meta: { menu: '/settings' } },
  // No households needed: a freshly enrolled laptop has none until its first sync.
  {
    path: '/sync',
    name: 'sync',
    component: () => import('@/pages/SyncPage.vue'),
    meta: { menu: '/sync' },
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'households' } },
]

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
})

router.beforeEach(async (to) => {
  const app = useAppStore()
  await app.ensureLoaded()
  // Without app info the shell shows the error and a retry; nothing to route by.
  if (!app.info) return true
  if (to.meta.needsData && app.firstStart) return { name: 'start' }
  if (to.meta.needsData && app.awaitingFirstSync) return { name: 'sync' }
  if (to.name === 'start' && !app.firstStart) return { name: app.awaitingFirstSync ? 'sync' : 'households' }
  // Opening the window (the bare address): a team's laptop starts on 今日 for today.
  if (to.redirectedFrom?.name === 'home' && to.name === 'households' && (await hasTeam())) return { name: 'today' }
  return true
})

/**
 * The route the window opens on (its address, after a redirect), before the guard has run: lets
 * start-up ask for that page's data early. The guard may still send a first start elsewhere.
 */
export function openingRoute(): RouteLocationResolved {
  const to = router.resolve(router.options.history.location)
  const redirect = to.matched[to.matched.length - 1]?.redirect
  if (!redirect) return to
  return router.resolve(typeof redirect === 'function' ? redirect(to, router.currentRoute.value) : redirect)
}

/** Whether the laptop has team members (read once; a failure keeps the list as the first page). */
async function hasTeam(): Promise<boolean> {
  const team = useTeamStore()
  await team.load()
  return team.members.length > 0
}
