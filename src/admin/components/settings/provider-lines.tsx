import { Copy } from "@medusajs/ui"
import type { IotpayProviderSummary } from "../../../lib/admin-views/provider-settings"
import type { IotpayV1Summary } from "../../../lib/admin-views/v1-settings"
import { Line } from "./line"
import { ProxyLine } from "./proxy-line"

/** An entry's settings as medusa-config has them (secret keys only as set / not set). */
export const ProviderLines = ({ provider: p, v1 }: { provider: IotpayProviderSummary; v1?: IotpayV1Summary }) => (
  <>
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
    {v1 && <Line label="v1 currencies" value={v1.currencies.join(", ")} testId="iotpay-v1-currencies" />}
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
              <code>{s.providerId}</code> · {s.what} · {s.channels.join(", ")} · {s.currencies?.join(", ")}
            </span>
          ))}
        </span>
      }
      testId="iotpay-services"
    />
  </>
)
