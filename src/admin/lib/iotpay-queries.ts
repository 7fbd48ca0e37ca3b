import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { IotpayActivity, IotpayInboxFilter } from "../../lib/admin-views/payment-activity"
import type { IotpayPaymentView } from "../../lib/admin-views/payment-status"
import type { Statement } from "../../lib/statement/types"
import type { ConnectionCheck, IotpayProviderSummary } from "../../lib/admin-views/provider-settings"
import type { IotpayV1Summary } from "../../lib/admin-views/v1-settings"
import { sdk } from "./sdk"

/** Every query key of the IOTPay admin views, in one place. */
export const iotpayKeys = {
  all: ["iotpay"] as const,
  providers: () => [...iotpayKeys.all, "providers"] as const,
  activity: (page: ActivityPage) => [...iotpayKeys.all, "activity", page] as const,
  /** `version`: what the order page knows changed (payment status, refund count), so a change asks IOTPay again. */
  order: (orderId: string, version: unknown[]) => [...iotpayKeys.all, "order", orderId, ...version] as const,
  statement: (date: string) => [...iotpayKeys.all, "statement", date] as const,
}

export type ProvidersBody = { providers: IotpayProviderSummary[]; v1?: IotpayV1Summary[] }
export type ActivityPage = { filter: IotpayInboxFilter | null; offset: number; limit: number }
export type ConnectionBody = { check: ConnectionCheck; v1Check: ConnectionCheck }
export type GoLiveReportBody = {
  completed: boolean
  exitCode: number
  findings: { id: string; question: string; answer: string; status: "ok" | "warning" | "problem" | "unanswered" }[]
  options: Record<string, string>
}

const providerPath = (id: string, action: string) => `/admin/iotpay/providers/${encodeURIComponent(id)}/${action}`

/** The IOTPay entries of medusa-config (no secrets). */
export const useIotpayProviders = () =>
  useQuery({
    queryKey: iotpayKeys.providers(),
    queryFn: () => sdk.client.fetch<ProvidersBody>("/admin/iotpay/providers"),
  })

/** The notify inbox page, the reconcile runs and the payments being settled; the previous page stays shown while
 * the next loads (`isPlaceholderData`). */
export const useIotpayActivity = (page: ActivityPage) =>
  useQuery({
    queryKey: iotpayKeys.activity(page),
    queryFn: () =>
      sdk.client.fetch<{ activity: IotpayActivity }>("/admin/iotpay/activity", {
        query: { limit: page.limit, offset: page.offset, ...(page.filter ? { outcome: page.filter } : {}) },
      }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })

/** What IOTPay reports right now for an order's IOTPay payments; asked again on every visit. */
export const useIotpayOrderPayments = (orderId: string, version: unknown[]) =>
  useQuery({
    queryKey: iotpayKeys.order(orderId, version),
    queryFn: () => sdk.client.fetch<{ payments: IotpayPaymentView[] }>(`/admin/iotpay/orders/${orderId}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })

/**
 * The day's statement (docs/statement.md): asking runs the check read-only, so IOTPay is asked once per payment of
 * the day and nothing is changed.
 */
export const useIotpayStatement = (date: string, enabled: boolean) =>
  useQuery({
    queryKey: iotpayKeys.statement(date),
    queryFn: () => sdk.client.fetch<{ statement: Statement }>("/admin/iotpay/statement", { query: { date } }),
    enabled,
  })

/**
 * "Record outside refunds in Medusa": the day's check with its outside refunds recorded; the page then shows the
 * statement the POST answers, and the day's statement is asked again.
 */
export const useRecordOutsideRefunds = (date: string) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ statement: Statement }>("/admin/iotpay/statement", { method: "POST", body: { date } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: iotpayKeys.statement(date) }),
  })
}

/** "Test connection": a signed V3 and a signed v1 query for numbers that cannot exist. */
export const useTestConnection = (id: string) =>
  useMutation({
    mutationFn: () => sdk.client.fetch<ConnectionBody>(providerPath(id, "test-connection"), { method: "POST" }),
  })

/** "Run go-live check": the doctor's safe probes for one entry. */
export const useGoLiveCheck = (id: string) =>
  useMutation({
    mutationFn: () => sdk.client.fetch<{ report: GoLiveReportBody }>(providerPath(id, "doctor"), { method: "POST" }),
  })
