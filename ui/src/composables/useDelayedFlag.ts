import { onBeforeUnmount, ref, watch, type Ref, type WatchSource } from 'vue'

/**
 * Follows a boolean, but turns on only after it has stayed on for `ms`: a quick answer then shows no
 * loading mask at all instead of a flash.
 */
export function useDelayedFlag(source: WatchSource<boolean>, ms = 150): Ref<boolean> {
  const shown = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  watch(
    source,
    (on) => {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (!on) shown.value = false
      else timer = setTimeout(() => (shown.value = true), ms)
    },
    { immediate: true },
  )

  onBeforeUnmount(() => {
    if (timer !== undefined) clearTimeout(timer)
  })
  return shown
}
