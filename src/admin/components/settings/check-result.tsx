import { Badge, Text } from "@medusajs/ui"
import type { ConnectionCheck } from "../../../lib/admin-views/provider-settings"
import { Line } from "./line"

const OUTCOME: Record<ConnectionCheck["outcome"], { text: string; color: "green" | "red" | "orange" }> = {
  accepted: { text: "credentials accepted", color: "green" },
  signature_refused: { text: "signature refused", color: "red" },
  unreachable: { text: "unreachable", color: "orange" },
  unexpected: { text: "unexpected answer", color: "orange" },
}

/** One API's "Test connection" answer; `testId` names it (iotpay-check for V3, iotpay-v1-check for v1). */
export const CheckResult = ({
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
