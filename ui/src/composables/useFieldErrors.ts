/**
 * One way to show an error beside its field: a form keeps one message per field, given to the
 * `error` prop of its `el-form-item` (Element Plus shows it under the field, in red, and marks the
 * input). A field's message comes from the field itself (a date it cannot read) or from a back-end
 * refusal whose code concerns that field (`meeting.future` → the date, `phone.bad` → the phone);
 * other refusals stay for the form's alert. A message is cleared as soon as its field changes or is
 * fixed. Never calls the back end.
 */
import { reactive } from 'vue'
import type { IpcError } from '@/ipc'

export function useFieldErrors<F extends string>(fields: readonly F[], codes: Partial<Record<string, F>> = {}) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, null]))) as Record<F, string | null>

  /** Sets (or with null clears) one field's message. */
  function set(field: F, message: string | null) {
    errors[field] = message
  }
  function clear(field?: F) {
    if (field) errors[field] = null
    else for (const f of fields) errors[f] = null
  }
  /**
   * Puts a back-end refusal beside its field when its code concerns one; true then. False (and
   * nothing changed) for a refusal of the whole form, which the form shows as an alert.
   */
  function fromIpc(e: IpcError | null | undefined): boolean {
    const field = e ? codes[e.code] : undefined
    if (!e || !field) return false
    errors[field] = e.message
    return true
  }
  /** Whether some field has a message (the form cannot be sent). */
  const any = () => fields.some((f) => errors[f] !== null)

  return { errors, set, clear, fromIpc, any }
}
