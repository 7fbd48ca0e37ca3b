import { isIP } from "node:net"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * The shopper's IP for IOTPay's risk checks on a saved-card charge. Only the storefront knows it (Medusa usually sees
 * the storefront server's address), so it comes as data.client_ip; absent is fine, malformed is refused.
 */
export function clientIpOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value === "string" && isIP(value) !== 0) return value
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    "IOTPay: data.client_ip must be the shopper's IPv4 or IPv6 address (or left out); nothing was charged."
  )
}
