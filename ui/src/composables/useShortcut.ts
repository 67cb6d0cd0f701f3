import { onBeforeUnmount, onMounted } from 'vue'

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * A page-wide key (e.g. `/` to search, `Escape` to go back) while the component is mounted.
 * Ignored while the user types in a field, except `Escape`.
 */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => void) {
  function onKey(event: KeyboardEvent) {
    if (event.key !== key || event.altKey || event.ctrlKey || event.metaKey) return
    if (key !== 'Escape' && typingIn(event.target)) return
    if (event.defaultPrevented) return
    handler(event)
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
