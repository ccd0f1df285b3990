/**
 * @module views/TraceList/row-click
 * Whole-row click targets for the list tables. The row's first cell holds a real link (the
 * keyboard and screen-reader path); the row handler only adds a bigger mouse target.
 */
import { hrefFor, navigate } from '../../router.ts'

export function openOnRowClick(path: string): (e: React.MouseEvent<HTMLTableRowElement>) => void {
  return (e) => {
    // links and controls handle their own clicks; a drag that selected text is not a click
    if ((e.target as Element).closest('a, button, input, select, label')) return
    if (window.getSelection()?.toString()) return
    if (e.metaKey || e.ctrlKey) window.open(hrefFor(path), '_blank', 'noopener')
    else navigate(path)
  }
}
