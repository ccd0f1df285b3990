/** An anchor that navigates inside the app and keeps the global time range. */
import { hrefFor } from '../router.ts'
import { linkClick } from './Shell.tsx'

export function Link({
  to,
  params,
  children,
  className,
  title,
}: {
  to: string
  params?: Record<string, string | undefined>
  children: React.ReactNode
  className?: string
  title?: string
}) {
  return (
    <a href={hrefFor(to, params)} onClick={linkClick} className={className} title={title}>
      {children}
    </a>
  )
}
