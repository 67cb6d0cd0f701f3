import { nextTick, watch, type Ref, type WatchSource } from 'vue'

/**
 * Makes the rows of a table reachable from the keyboard: each row (`rowSelector`) gets a tab stop
 * (rows rendered with `tabindex="0"` already have one), Enter or Space opens it, the arrow keys move
 * between rows. `onOpen` gets the row's index.
 */
export function useRowKeyboard(
  container: Ref<HTMLElement | null>,
  rows: WatchSource<unknown>,
  rowSelector: string,
  onOpen: (index: number) => void,
) {
  function rowElements(): HTMLElement[] {
    return Array.from(container.value?.querySelectorAll<HTMLElement>(rowSelector) ?? [])
  }

  watch(
    rows,
    async () => {
      await nextTick()
      for (const row of rowElements()) row.tabIndex = 0
    },
    { immediate: true, flush: 'post' },
  )

  function onKeydown(event: KeyboardEvent) {
    const target = event.target as HTMLElement | null
    const row = target?.closest<HTMLElement>(rowSelector)
    if (!row || row !== target) return
    const all = rowElements()
    const index = all.indexOf(row)
    if (index < 0) return
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onOpen(index)
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      all[index + (event.key === 'ArrowDown' ? 1 : -1)]?.focus()
    }
  }

  return { onKeydown }
}
