/**
 * The one kind of error the UI handles: every rejection from the back end becomes an `IpcError` with
 * the stable code and a Chinese message the user can act on. Must not log, show or retry anything.
 */
import { t } from '@/locales'
import type { ErrorInfo } from './bindings'

export class IpcError extends Error {
  override readonly name = 'IpcError'

  constructor(
    /** Stable code, e.g. `file.not_spreadsheet`; `ipc.*` for failures of the bridge itself. */
    readonly code: string,
    /** Short Chinese title, e.g. for an alert heading. */
    readonly title: string,
    /** Chinese sentence that says what happened and what to do. */
    message: string,
    /** For the log, never for the user. */
    readonly detail: string,
  ) {
    super(message)
  }
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  )
}

/**
 * The message for a code. For file.* and db.* the back end's message wins, because it names the file
 * or the database (unless our entry `replaces` it: a sentence written for the command line); for the
 * other codes our own sentence wins, and the back end's (already Chinese) message is the fallback for
 * codes we do not know or give only a title.
 */
function messageFor(code: string, backend: string): { title: string; message: string } {
  const known = t.errors[code]
  const unknown = t.errors['ipc.unknown']!
  const title = known?.title ?? unknown.title
  const backendFirst = (code.startsWith('file.') || code.startsWith('db.')) && !known?.replaces
  const message = backendFirst
    ? backend || known?.message || known?.title || unknown.message!
    : known?.message || backend || unknown.message!
  return { title, message }
}

/** Turns whatever `invoke` rejected with into an `IpcError`. */
export function toIpcError(reason: unknown): IpcError {
  if (reason instanceof IpcError) return reason
  if (isErrorInfo(reason)) {
    const { title, message } = messageFor(reason.code, reason.message.trim())
    const detail = typeof reason.detail === 'string' ? reason.detail : ''
    return new IpcError(reason.code, title, message, detail)
  }
  // Not an ErrorInfo: the bridge itself failed (no Tauri, unknown command, a panic in a command).
  const detail = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)
  const code = isBridgeMissing(reason) ? 'ipc.unavailable' : 'ipc.unknown'
  const { title, message } = messageFor(code, '')
  return new IpcError(code, title, message, detail)
}

function isBridgeMissing(reason: unknown): boolean {
  // @tauri-apps/api throws a TypeError reading `__TAURI_INTERNALS__` outside the app window.
  return reason instanceof TypeError && /__TAURI_INTERNALS__|invoke/.test(reason.message)
}

/** The Chinese message of any thrown value, for places that only show a message. */
export function errorMessage(reason: unknown): string {
  return toIpcError(reason).message
}
