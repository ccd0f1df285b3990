/**
 * @module views/TraceList/useDebouncedParam
 * A text input bound to one URL parameter, written after the user pauses typing. The first write
 * of a value pushes a history entry; refinements replace it, so Back leaves the search instead of
 * stepping through every keystroke. A URL change from elsewhere (Back, "Clear filters") resets
 * the text.
 */
import { useEffect, useState } from 'react'
import { setParams } from '../../router.ts'

export function useDebouncedParam(
  name: string,
  urlValue: string,
  opts: { delayMs?: number; valid?: (v: string) => boolean } = {},
): [string, (text: string) => void] {
  const { delayMs = 300, valid = () => true } = opts
  const [text, setText] = useState(urlValue)
  // keep what the user typed (trailing spaces included) while it still means the URL's value
  useEffect(() => setText((t) => (t.trim() === urlValue ? t : urlValue)), [urlValue])
  useEffect(() => {
    const value = text.trim()
    if (value === urlValue || !valid(value)) return
    const timer = setTimeout(
      () => setParams({ [name]: value || undefined, cursor: undefined }, { replace: urlValue !== '' }),
      delayMs,
    )
    return () => clearTimeout(timer)
  }, [text, urlValue]) // eslint-disable-line react-hooks/exhaustive-deps
  return [text, setText]
}
