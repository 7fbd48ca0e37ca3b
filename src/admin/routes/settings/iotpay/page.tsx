import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Button, Container, Copy, Heading, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type {
  IotpayActivity,
  IotpayActivityPayment,
  IotpayInboxFilter,
  IotpayInboxNotify,
  IotpayReconcileRunView,
  IotpayReconcileView,
} from "../../../../lib/payment-activity"
import type { ConnectionCheck, IotpayMode, IotpayProviderSummary } from "../../../../lib/provider-settings"
import type { IotpayV1Summary } from "../../../../lib/v1-settings"
import { adminJson, adminPost } from "../../../lib/admin-fetch"
import { OrderLink } from "../../../lib/order-link"

type Loaded<T> = T | { error: string } | null
type ProvidersBody = { providers: IotpayProviderSummary[]; v1?: IotpayV1Summary[] }

/** Settings → IOTPay: each configured IOTPay entry, a "Test connection" button, the notify inbox and reconcile runs. */
const IotpaySettingsPage = () => {
  const [providers, setProviders] = useState<Loaded<ProvidersBody>>(null)
  // The query the shown activity answers: until a new filter or page has loaded, the old one stays on screen, marked busy.
  const [activity, setActivity] = useState<{ query: string; body: Loaded<{ activity: IotpayActivity }> }>()
  const [filter, setFilterState] = useState<IotpayInboxFilter | null>(null)
  const [page, setPage] = useState<InboxPage>({ offset: 0, limit: 20 })
  const setFilter = (f: IotpayInboxFilter | null) => {
    setFilterState(f)
    setPage((p) => ({ ...p, offset: 0 }))
  }

  useEffect(() => {
    let live = true
    adminJson<ProvidersBody>("/admin/iotpay/providers", "IOTPay settings").then((b) => live && setProviders(b))
    return () => {
      live = false
    }
  }, [])

  const query = new URLSearchParams({ limit: String(page.limit), offset: String(page.offset) })
  if (filter) {
    query.set("outcome", filter)
  }
  const activityQuery = query.toString()
  useEffect(() => {
    let live = true
    adminJson<{ activity: IotpayActivity }>(`/admin/iotpay/activity?${activityQuery}`, "IOTPay activity").then(
      (body) => live && setActivity({ query: activityQuery, body })
    )
    return () => {
      live = false
    }
  }, [activityQuery])

  return (
    <div className="flex flex-col gap-y-3" data-testid="iotpay-settings">
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h1">IOTPay</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            The IOTPay provider entries of this store's medusa-config. Secret keys are never shown.
          </Text>
        </div>
        {!providers && <Line label="Status" value="Loading…" />}
        {providers && "error" in providers && <Line label="Error" value={providers.error} />}
        {providers && "providers" in providers && providers.providers.length === 0 && (
          <Line label="Providers" value="No IOTPay provider entry is configured under the payment module." />
        )}
      </Container>
      {providers &&
        "providers" in providers &&
        providers.providers.map((p) => (
          <ProviderCard key={p.id} provider={p} v1={providers.v1?.find((v) => v.id === p.id)} />
        ))}
      <ActivityCard
        loaded={activity?.body ?? null}
        busy={activity?.query !== activityQuery}
        filter={filter}
        setFilter={setFilter}
        setPage={setPage}
      />
    </div>
  )
}

const MODE: Record<IotpayMode, { label: string; color: "green" | "orange" | "blue" }> = {
  live: { label: "LIVE", color: "green" },
  test: { label: "TEST", color: "orange" },
  sandbox: { label: "SANDBOX", color: "blue" },
}

const OUTCOME: Record<ConnectionCheck["outcome"], { text: string; color: "green" | "red" | "orange" }> = {
  accepted: { text: "credentials accepted", color: "green" },
  signature_refused: { text: "signature refused", color: "red" },
  unreachable: { text: "unreachable", color: "orange" },
  unexpected: { text: "unexpected answer", color: "orange" },
}

type CheckState = ConnectionCheck | { error: string } | null

const ProviderCard = ({ provider: p, v1 }: { provider: IotpayProviderSummary; v1?: IotpayV1Summary }) => {
  const [check, setCheck] = useState<CheckState>(null)
  const [v1Check, setV1Check] = useState<CheckState>(null)
  const [doctor, setDoctor] = useState<GoLiveState>(null)
  const [busy, setBusy] = useState(false)

  const test = async () => {
    setBusy(true)
    setCheck(null)
    setV1Check(null)
    try {
      const r = await adminPost(`/admin/iotpay/providers/${encodeURIComponent(p.id)}/test-connection`)
      const body = await r.json().catch(() => ({}))
      const failed = { error: body.message ?? `HTTP ${r.status}` }
      setCheck(r.ok && body.check ? body.check : failed)
      setV1Check(r.ok && body.v1Check ? body.v1Check : failed)
    } catch (e) {
      setCheck({ error: (e as Error).message })
      setV1Check({ error: (e as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="iotpay-provider" data-provider-id={p.id}>
      <div className="flex items-center justify-between px-6 py-4">
        <div className="flex items-center gap-x-2">
          <Heading level="h2">{p.id}</Heading>
          <Badge size="2xsmall" color={MODE[p.mode].color} data-testid="iotpay-mode">
            {MODE[p.mode].label}
          </Badge>
        </div>
        <div className="flex items-center gap-x-2">
          <Button size="small" variant="secondary" onClick={test} isLoading={busy} data-testid="iotpay-test-connection">
            Test connection
          </Button>
          <GoLiveButton id={p.id} onReport={setDoctor} />
        </div>
      </div>
      {check && <CheckResult check={check} api="V3 (cards)" testId="iotpay-check" />}
      {v1Check && <CheckResult check={v1Check} api="v1 (WeChat Pay, Alipay, UnionPay)" testId="iotpay-v1-check" />}
      {doctor && <GoLiveReport report={doctor} />}
      <Line label="Merchant id" value={p.merchantId} testId="iotpay-merchant-id" />
      <Line label="Login name" value={p.loginName} />
      <Line label="IOTPay URL" value={p.apiBase} />
      {v1 && (
        <Line
          label="IOTPay v1 URL"
          value={`${v1.v1ApiBase}${v1.mode === "live" ? " (LIVE)" : ""}`}
          testId="iotpay-v1-api-base"
        />
      )}
      {v1 && (
        <Line
          label="v1 refund query"
          value={
            v1.refundQueryPath
              ? `${v1.refundQueryPath} (a refund whose answer was lost is looked up there)`
              : "not set: a refund whose answer was lost is settled by resending its mchRefundNo"
          }
        />
      )}
      {v1 && <ProxyLine v1={v1} />}
      <Line
        label="Notify URL"
        value={
          <span className="flex items-center gap-x-1">
            <span data-testid="iotpay-notify-url">{p.notifyUrl}</span>
            <Copy content={p.notifyUrl} data-testid="iotpay-copy-notify-url" />
          </span>
        }
      />
      <Line label="Channel" value={`${p.channel} (sent as "${p.channelField}")`} />
      <Line
        label="Auto capture"
        value={p.autoCapture ? "yes: payments are captured at authorization" : "no: capture from the order page"}
      />
      <Line label="Secret key" value={p.secretKeySet ? "set (never shown)" : "NOT SET"} testId="iotpay-secret-key" />
      <Line label="Response signatures" value={p.verifyResponseSignatures} />
      <Line
        label="Direct card entry (PCI)"
        value={p.pciCompliant ? "allowed" : "off: cards are saved on IOTPay's hosted page"}
      />
      <Line
        label="Services"
        value={
          <span className="flex flex-col">
            {[...p.services, ...(v1?.services ?? [])].map((s) => (
              <span key={s.providerId}>
                <code>{s.providerId}</code> · {s.what} · {s.channels.join(", ")}
              </span>
            ))}
          </span>
        }
        testId="iotpay-services"
      />
    </Container>
  )
}

/** Who v1 payments take the shopper's IP from, and a warning when a proxy seems to be in front of an entry that trusts none. */
const ProxyLine = ({ v1 }: { v1: IotpayV1Summary }) => (
  <Line
    label="Trusted proxies"
    testId="iotpay-trusted-proxies"
    value={
      <span className="flex flex-col">
        <span>
          {v1.trustedProxies.length
            ? v1.trustedProxies.join(", ")
            : "none: the connection's address is the shopper's IP for WeChat Pay, Alipay and UnionPay"}
        </span>
        {v1.untrustedProxies.length > 0 && (
          <Text size="small" className="text-ui-fg-error" data-testid="iotpay-untrusted-proxy-warning">
            {v1.untrustedProxies.map((p) => p.peer).join(", ")} sent X-Forwarded-For but no proxy is trusted, so IOTPay
            is told that address is the shopper&apos;s. Behind a load balancer, a CDN or a storefront server, set
            trustedProxies on this entry (e.g. &quot;loopback&quot; or &quot;private&quot;).
          </Text>
        )}
      </span>
    }
  />
)

/** One API's "Test connection" answer; `testId` names it (iotpay-check for V3, iotpay-v1-check for v1). */
const CheckResult = ({
  check,
  api,
  testId,
}: {
  check: ConnectionCheck | { error: string }
  api: string
  testId: string
}) => {
  if ("error" in check) {
    return <Line label={`Test connection, ${api}`} value={`The test could not run: ${check.error}`} testId={testId} />
  }
  const o = OUTCOME[check.outcome]
  return (
    <div className="px-6 py-3" data-testid={testId} data-outcome={check.outcome}>
      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">
          {api}
        </Text>
        <Badge size="2xsmall" color={o.color} data-testid={`${testId}-outcome`}>
          {o.text}
        </Badge>
        <Text size="small">{check.message}</Text>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle mt-1 break-words">
        {check.url.split("/").pop()} {check.mchOrderNo} at {check.url} · {check.ms} ms
        {check.detail ? ` · IOTPay: ${check.errorCode ? `[${check.errorCode}] ` : ""}${check.detail}` : ""}
      </Text>
    </div>
  )
}

type GoLiveState = { report: GoLiveReportBody } | { error: string } | null
type GoLiveReportBody = {
  completed: boolean
  exitCode: number
  findings: { id: string; question: string; answer: string; status: "ok" | "warning" | "problem" | "unanswered" }[]
  options: Record<string, string>
}

const FINDING_COLOR = { ok: "green", warning: "orange", problem: "red", unanswered: "grey" } as const

/** "Run go-live check": the doctor's safe probes (no test payment) for this entry, through the admin route. */
const GoLiveButton = ({ id, onReport }: { id: string; onReport: (r: GoLiveState) => void }) => {
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    onReport(null)
    try {
      const r = await adminPost(`/admin/iotpay/providers/${encodeURIComponent(id)}/doctor`)
      const body = await r.json().catch(() => ({}))
      onReport(r.ok && body.report ? { report: body.report } : { error: body.message ?? `HTTP ${r.status}` })
    } catch (e) {
      onReport({ error: (e as Error).message })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button size="small" variant="secondary" onClick={run} isLoading={busy} data-testid="iotpay-go-live-check">
      Run go-live check
    </Button>
  )
}

const GoLiveReport = ({ report }: { report: NonNullable<GoLiveState> }) => {
  if ("error" in report) {
    return <Line label="Go-live check" value={`The check could not run: ${report.error}`} testId="iotpay-go-live" />
  }
  const r = report.report
  return (
    <div className="px-6 py-3" data-testid="iotpay-go-live" data-completed={String(r.completed)}>
      <Text size="small" weight="plus">
        Go-live check (safe probes, no payment): {r.completed ? "completed" : `did not complete (exit ${r.exitCode})`}
      </Text>
      {r.findings.map((f) => (
        <div key={f.id} className="mt-2" data-testid="iotpay-go-live-finding" data-id={f.id} data-status={f.status}>
          <span className="flex items-center gap-x-2">
            <Badge size="2xsmall" color={FINDING_COLOR[f.status]}>
              {f.status}
            </Badge>
            <Text size="small">{f.question}</Text>
          </span>
          <Text size="xsmall" className="text-ui-fg-subtle break-words">
            {f.answer}
          </Text>
        </div>
      ))}
      {Object.keys(r.options).length > 0 && (
        <pre className="text-ui-fg-subtle mt-2 text-xs" data-testid="iotpay-go-live-options">
          {JSON.stringify(r.options, null, 2)}
        </pre>
      )}
    </div>
  )
}

/** The inbox filters, as the activity route accepts them (`unprocessed`: no outcome yet). */
const FILTERS: { value: IotpayInboxFilter; label: string }[] = [
  { value: "order_created", label: "Order created" },
  { value: "already_applied", label: "Already applied" },
  { value: "ignored", label: "Ignored" },
  { value: "not_applied", label: "Not applied" },
  { value: "failed", label: "Failed" },
  { value: "unprocessed", label: "Unprocessed" },
]

const OUTCOME_COLOR: Record<IotpayInboxFilter, "green" | "grey" | "orange" | "red" | "blue"> = {
  order_created: "green",
  already_applied: "green",
  ignored: "grey",
  not_applied: "orange",
  failed: "red",
  unprocessed: "blue",
}

const when = (t: string | null) => (t ? new Date(t).toLocaleString() : "—")

type InboxPage = { offset: number; limit: number }
const PAGE_SIZES = [10, 20, 50, 100]

const ActivityCard = ({
  loaded,
  busy,
  filter,
  setFilter,
  setPage,
}: {
  loaded: Loaded<{ activity: IotpayActivity }>
  busy: boolean
  filter: IotpayInboxFilter | null
  setFilter: (f: IotpayInboxFilter | null) => void
  setPage: (p: InboxPage) => void
}) => (
  <Container className={`divide-y p-0 ${busy ? "opacity-60" : ""}`} data-testid="iotpay-activity" aria-busy={busy}>
    <div className="px-6 py-4">
      <Heading level="h2">Activity</Heading>
      {loaded && "activity" in loaded && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="iotpay-activity-note">
          {loaded.activity.inbox.note}
        </Text>
      )}
    </div>
    {!loaded && <Line label="Status" value="Loading…" />}
    {loaded && "error" in loaded && <Line label="Error" value={loaded.error} />}
    {loaded && "activity" in loaded && loaded.activity.reconcile && (
      <ReconcileRows reconcile={loaded.activity.reconcile} />
    )}
    {loaded && "activity" in loaded && loaded.activity.inbox.available && (
      <>
        <div className="flex flex-wrap items-center gap-2 px-6 py-3" data-testid="iotpay-inbox-filters">
          <Text size="small" weight="plus" className="mr-2">
            Notify inbox ({loaded.activity.inbox.total})
          </Text>
          <Button
            size="small"
            variant={filter === null ? "primary" : "secondary"}
            onClick={() => setFilter(null)}
            data-testid="iotpay-inbox-filter"
            data-filter="all"
          >
            All
          </Button>
          {FILTERS.map((f) => (
            <Button
              key={f.value}
              size="small"
              variant={filter === f.value ? "primary" : "secondary"}
              onClick={() => setFilter(f.value)}
              data-testid="iotpay-inbox-filter"
              data-filter={f.value}
            >
              {f.label} ({loaded.activity.inbox.available ? loaded.activity.inbox.counts[f.value] : 0})
            </Button>
          ))}
        </div>
        {loaded.activity.inbox.notifies.length === 0 && (
          <Line label="—" value={filter ? "No notify with this outcome." : "No notify received yet."} />
        )}
        {loaded.activity.inbox.notifies.map((n) => (
          <NotifyLine key={n.id} notify={n} />
        ))}
        <InboxPaging inbox={loaded.activity.inbox} setPage={setPage} />
      </>
    )}
    {loaded && "activity" in loaded && (
      <>
        <div className="px-6 py-3">
          <Text size="small" weight="plus">
            Being settled or owed ({loaded.activity.attention.length})
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            Refunds and voids pending at IOTPay or whose answer was lost, and money a cancel could not return yet; the
            reconcile job settles them.
          </Text>
        </div>
        {loaded.activity.attention.length === 0 && <Line label="—" value="Nothing open." />}
        {loaded.activity.attention.map((p) => (
          <PaymentLine key={p.paymentId} payment={p} attention />
        ))}
        <div className="px-6 py-3">
          <Text size="small" weight="plus">
            Recent IOTPay payments
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            From {loaded.activity.source}.
          </Text>
        </div>
        {loaded.activity.recent.length === 0 && <Line label="—" value="No IOTPay payment yet." />}
        {loaded.activity.recent.map((p) => (
          <PaymentLine key={p.paymentId} payment={p} />
        ))}
      </>
    )}
  </Container>
)

/** Previous / next and the page size of the notify inbox (the route's offset and limit). */
const InboxPaging = ({
  inbox,
  setPage,
}: {
  inbox: { total: number; limit: number; offset: number; notifies: unknown[] }
  setPage: (p: InboxPage) => void
}) => {
  const { total, limit, offset } = inbox
  const first = total === 0 ? 0 : offset + 1
  const last = offset + inbox.notifies.length
  return (
    <div className="flex flex-wrap items-center gap-2 px-6 py-3" data-testid="iotpay-inbox-paging">
      <Text size="small" data-testid="iotpay-inbox-range">
        {first}–{last} of {total}
      </Text>
      <Button
        size="small"
        variant="secondary"
        disabled={offset === 0}
        onClick={() => setPage({ limit, offset: Math.max(0, offset - limit) })}
        data-testid="iotpay-inbox-previous"
      >
        Previous
      </Button>
      <Button
        size="small"
        variant="secondary"
        disabled={last >= total}
        onClick={() => setPage({ limit, offset: offset + limit })}
        data-testid="iotpay-inbox-next"
      >
        Next
      </Button>
      <label className="flex items-center gap-x-1">
        <Text size="small">Per page</Text>
        <select
          className="bg-ui-bg-field rounded border px-1 text-sm"
          value={limit}
          onChange={(e) => setPage({ limit: Number(e.target.value), offset: 0 })}
          data-testid="iotpay-inbox-page-size"
        >
          {[...new Set([...PAGE_SIZES, limit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
      </label>
    </div>
  )
}

const ReconcileRows = ({ reconcile: r }: { reconcile: IotpayReconcileView }) => (
  <div data-testid="iotpay-reconcile" data-enabled={String(r.enabled)}>
    <div className="px-6 py-3">
      <Text size="small" weight="plus">
        Reconcile job
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        Asks IOTPay about payments no notify settled, and settles open refunds, voids and owed cancels. {r.note}
      </Text>
    </div>
    <Line label="Last run" value={runText(r.lastRun)} testId="iotpay-reconcile-last" />
    {r.lastRun && (r.lastRun.skipped || r.lastRun.error) && (
      <Line label="Last completed run" value={runText(r.lastCompletedRun)} testId="iotpay-reconcile-completed" />
    )}
    <Line
      label="Next run"
      value={r.enabled ? (r.nextRunAt ? when(r.nextRunAt) : `schedule "${r.schedule}"`) : "off (IOTPAY_RECONCILE=off)"}
      testId="iotpay-reconcile-next"
    />
  </div>
)

function runText(run: IotpayReconcileRunView | null): string {
  if (!run) return "no run recorded yet"
  if (run.skipped) return `${when(run.startedAt)} · skipped: the previous run was still going`
  if (run.error) return `${when(run.startedAt)} · failed: ${run.error}`
  return (
    `${when(run.startedAt)} · ${run.due} due, ${run.asked} asked IOTPay, ${run.recovered} recovered, ` +
    `${run.sessions} new or changed sessions read · ${run.ms} ms`
  )
}

const NotifyLine = ({ notify: n }: { notify: IotpayInboxNotify }) => (
  <div
    className="text-ui-fg-subtle grid grid-cols-[1fr_2fr] items-center gap-x-4 px-6 py-3"
    data-testid="iotpay-inbox-notify"
    data-outcome={n.outcome}
    data-pay-order-id={n.payOrderId}
  >
    <Text size="small" weight="plus" leading="compact" asChild>
      <div>
        {n.order ? (
          <OrderLink orderId={n.order.id} testId="iotpay-inbox-order">
            Order #{n.order.displayId ?? n.order.id}
          </OrderLink>
        ) : n.cart ? (
          <span data-testid="iotpay-inbox-cart" title={`cart ${n.cart.id}, payment session ${n.cart.sessionId}`}>
            Checkout not completed (no order yet)
          </span>
        ) : (
          <span>No order{n.mchOrderNo ? ` (${n.mchOrderNo})` : ""}</span>
        )}
      </div>
    </Text>
    <Text size="small" leading="compact" className="break-words" asChild>
      <div>
        <span className="flex items-center gap-x-2">
          <Badge size="2xsmall" color={OUTCOME_COLOR[n.outcome]}>
            {n.outcome.replace("_", " ")}
          </Badge>
          {when(n.firstReceivedAt)}
        </span>
        <span>
          {[
            n.amount,
            `status ${n.status}`,
            `pay order ${n.payOrderId}`,
            n.mchOrderNo && `mchOrderNo ${n.mchOrderNo}`,
            n.payType,
            `${n.deliveries} deliver${n.deliveries === 1 ? "y" : "ies"}`,
            n.redrives ? `${n.redrives} re-drives` : null,
            n.outcomeDetail,
          ]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
    </Text>
  </div>
)

const PaymentLine = ({ payment: p, attention }: { payment: IotpayActivityPayment; attention?: boolean }) => {
  const r = p.reversals
  const counts = [
    r.done && `${r.done} done`,
    r.pending && `${r.pending} pending`,
    r.unknown && `${r.unknown} unknown`,
    r.failed && `${r.failed} failed`,
  ]
    .filter(Boolean)
    .join(", ")
  const parts = [
    p.amount,
    p.providerName,
    p.payOrderId ?? p.mchOrderNo ?? "not paid",
    p.canceledAt ? "canceled" : p.capturedAt ? "captured" : "authorized",
    counts && `refunds/voids: ${counts}`,
    ...(attention ? p.open.map((o) => `${o.kind} ${o.mchRefundNo} ${o.amount} ${o.state}`) : []),
    attention && p.owed ? `owed ${p.owed.amount ?? ""} (${p.owed.attempts} attempts: ${p.owed.why})` : null,
  ].filter(Boolean)
  return (
    <Line
      label={p.orderId ? <OrderLink orderId={p.orderId}>Order #{p.orderDisplayId ?? p.orderId}</OrderLink> : "No order"}
      value={`${p.createdAt ? new Date(p.createdAt).toLocaleString() : ""} · ${parts.join(" · ")}`}
      testId={attention ? "iotpay-activity-attention" : "iotpay-activity-recent"}
    />
  )
}

const Line = ({ label, value, testId }: { label: React.ReactNode; value: React.ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-[1fr_2fr] items-center gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <Text size="small" leading="compact" data-testid={testId} className="break-words" asChild>
      <div>{value}</div>
    </Text>
  </div>
)

export const config = defineRouteConfig({ label: "IOTPay" })

export default IotpaySettingsPage
