import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { ActivityCard } from "../../../components/settings/activity-card"
import { Line } from "../../../components/settings/line"
import { ProviderCard } from "../../../components/settings/provider-card"
import { useIotpayProviders } from "../../../lib/iotpay-queries"
import { unavailableText } from "../../../lib/request-error"

/** Settings → IOTPay: each configured IOTPay entry, a "Test connection" button, the notify inbox and reconcile runs. */
const IotpaySettingsPage = () => {
  const { data, error, isPending } = useIotpayProviders()
  return (
    <div className="flex flex-col gap-y-3" data-testid="iotpay-settings">
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h1">IOTPay</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            The IOTPay provider entries of this store&apos;s medusa-config. Secret keys are never shown.
          </Text>
          <a href="iotpay/statement" className="text-ui-fg-interactive txt-small">
            Statement: day by day →
          </a>
        </div>
        {isPending && <Line label="Status" value="Loading…" />}
        {error && <Line label="Error" value={unavailableText("IOTPay settings", error)} />}
        {data?.providers.length === 0 && (
          <Line label="Providers" value="No IOTPay provider entry is configured under the payment module." />
        )}
      </Container>
      {data?.providers.map((p) => (
        <ProviderCard key={p.id} provider={p} v1={data.v1?.find((v) => v.id === p.id)} />
      ))}
      <ActivityCard />
    </div>
  )
}

export const config = defineRouteConfig({ label: "IOTPay" })

export default IotpaySettingsPage
