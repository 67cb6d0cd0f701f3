/**
 * Every stable error code the back end can send (`error-codes.json`, written from the Rust error types
 * by `crates/core/tests/error_codes.rs`) has Chinese text in the catalogue: a code added in Rust
 * without an entry in `zh-CN.ts` fails here.
 */
import { describe, expect, it } from 'vitest'
import codes from './error-codes.json'
import { t } from '.'

const HAN = /[\u4e00-\u9fff]/
/** Codes the UI makes itself, when the bridge to the back end fails. */
const UI_CODES = ['ipc.unavailable', 'ipc.unknown']

describe('error catalogue', () => {
  it('has a Chinese title for every code the back end can send', () => {
    expect(codes.length).toBeGreaterThan(50)
    const missing = codes.filter((code) => !t.errors[code]?.title)
    expect(missing, 'give each of these codes its Chinese text in zh-CN.ts (errors)').toEqual([])
  })

  it('writes titles and messages in Chinese, with no code or file name in them', () => {
    for (const [code, text] of Object.entries(t.errors)) {
      for (const words of text.message === undefined ? [text.title] : [text.title, text.message]) {
        expect(words, code).toMatch(HAN)
        expect(words, code).not.toMatch(/[a-z0-9][._][a-z]/i)
      }
      // Replacing the back end's sentence needs a sentence of our own.
      if (text.replaces) expect(text.message, code).toMatch(HAN)
    }
  })

  it('knows no code that nobody sends (a misspelt code would never be shown)', () => {
    const sent = new Set([...codes, ...UI_CODES])
    expect(Object.keys(t.errors).filter((code) => !sent.has(code))).toEqual([])
  })
})
