import type { ReactNode } from "react"

/**
 * A link to an order's page in the dashboard, as a plain anchor.
 *
 * Not react-router's `Link`: a plugin's admin bundle resolves `react-router-dom` from the app's node_modules, and an
 * app that hoists 6.x while the dashboard runs 7.x gives the plugin a second copy with no router in its context
 * ("Cannot destructure property 'basename'"). The dashboard's own base path (`/app` unless `admin.path` says
 * otherwise) is read from the current address, which always holds it.
 */
export const OrderLink = ({ orderId, children, testId }: { orderId: string; children: ReactNode; testId?: string }) => (
  <a className="text-ui-fg-interactive" href={orderHref(orderId)} data-testid={testId}>
    {children}
  </a>
)

/** `/app/settings/iotpay` → `/app/orders/<id>`: everything before the dashboard's own `/settings/` or `/orders/`. */
export function orderHref(orderId: string, pathname = window.location.pathname): string {
  const base = pathname.replace(/\/(settings|orders)(\/.*)?$/, "")
  return `${base}/orders/${encodeURIComponent(orderId)}`
}
