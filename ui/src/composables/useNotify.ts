import { errorMessage } from '@/ipc/error'

/**
 * Short messages at the top of the window. An error shows only its Chinese message, never a code
 * or a stack.
 */
export function useNotify() {
  return {
    error(reason: unknown) {
      ElMessage.error({ message: errorMessage(reason), grouping: true, duration: 6000, showClose: true })
    },
    /** An error we already have in words (from the locales). */
    errorText(message: string) {
      ElMessage.error({ message, grouping: true, duration: 6000, showClose: true })
    },
    success(message: string) {
      ElMessage.success({ message, grouping: true })
    },
  }
}
