import { Text } from "@medusajs/ui"
import type { IotpayV1Summary } from "../../../lib/admin-views/v1-settings"
import { Line } from "./line"

/**
 * Who v1 payments take the shopper's IP from, and a warning when a proxy seems to be in front of an entry that
 * trusts none.
 */
export const ProxyLine = ({ v1 }: { v1: IotpayV1Summary }) => (
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
