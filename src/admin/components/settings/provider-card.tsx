import { Badge, Button, Container, Heading } from "@medusajs/ui"
import type { IotpayMode, IotpayProviderSummary } from "../../../lib/admin-views/provider-settings"
import type { IotpayV1Summary } from "../../../lib/admin-views/v1-settings"
import { useGoLiveCheck, useTestConnection } from "../../lib/iotpay-queries"
import { failureText } from "../../lib/request-error"
import { CheckResult } from "./check-result"
import { GoLiveReport } from "./go-live-report"
import { ProviderLines } from "./provider-lines"

const MODE: Record<IotpayMode, { label: string; color: "green" | "orange" | "blue" }> = {
  live: { label: "LIVE", color: "green" },
  test: { label: "TEST", color: "orange" },
  sandbox: { label: "SANDBOX", color: "blue" },
}

/** One IOTPay entry: its mode, "Test connection" and "Run go-live check" with their answers, then its settings. */
export const ProviderCard = ({ provider: p, v1 }: { provider: IotpayProviderSummary; v1?: IotpayV1Summary }) => {
  const connection = useTestConnection(p.id)
  const goLive = useGoLiveCheck(p.id)
  // One failed request answers for both APIs: the route asks V3 and v1 together.
  const connectionFailed = connection.error ? { error: failureText(connection.error) } : undefined
  const check = connectionFailed ?? connection.data?.check
  const v1Check = connectionFailed ?? connection.data?.v1Check
  const report = goLive.error ? { error: failureText(goLive.error) } : goLive.data

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
          {[
            { action: connection, label: "Test connection", testId: "iotpay-test-connection" },
            { action: goLive, label: "Run go-live check", testId: "iotpay-go-live-check" },
          ].map(({ action, label, testId }) => (
            <Button
              key={testId}
              size="small"
              variant="secondary"
              onClick={() => action.mutate()}
              isLoading={action.isPending}
              data-testid={testId}
            >
              {label}
            </Button>
          ))}
        </div>
      </div>
      {check && <CheckResult check={check} api="V3 (cards)" testId="iotpay-check" />}
      {v1Check && <CheckResult check={v1Check} api="v1 (WeChat Pay, Alipay, UnionPay)" testId="iotpay-v1-check" />}
      {report && <GoLiveReport report={report} />}
      <ProviderLines provider={p} v1={v1} />
    </Container>
  )
}
