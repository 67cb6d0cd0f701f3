import { onBeforeUnmount } from 'vue'

/**
 * Runs `fn` once the calls have paused for `ms`; `flush` runs it at once (Enter in a search box).
 * A pending call is dropped when the component goes away.
 */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => unknown, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let pendingArgs: A | undefined

  function cancel() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    pendingArgs = undefined
  }

  function run(...args: A) {
    if (timer !== undefined) clearTimeout(timer)
    pendingArgs = args
    timer = setTimeout(flush, ms)
  }

  function flush(...args: A | []) {
    const callArgs = (args.length ? args : pendingArgs) as A | undefined
    cancel()
    if (callArgs) fn(...callArgs)
  }

  onBeforeUnmount(cancel)
  return { run, flush, cancel }
}
