import type { IPaymentModuleService } from "@medusajs/framework/types"
import { sessionIdFromMchOrderNo } from "../../iotpay"
import { isV1ProviderId, parseProviderId } from "../config/provider-ids"

/**
 * Which API a notify for this entry belongs to, from the payment session its `mchOrderNo` names: the session's
 * provider says it (a WeChat Pay session's notify is v1, a card session's is V3), never the notify's own fields
 * (IOTPay's V3 docs do not list them; a card notify may well carry v1's `backType`). Null when no session of this
 * entry is named (a refund's notify, a session Medusa deleted, a number this store never made).
 */
/**
 * Answers already read, by entry and session: a session's provider never changes, so IOTPay's repeats of a notify
 * (and a storm of them) cost no query after the first. Bounded, oldest dropped first; only found sessions are kept.
 */
const known = new Map<string, "v1" | "v3">()
const KNOWN_MAX = 10_000

export async function notifyApiOf(
  payment: Pick<IPaymentModuleService, "listPaymentSessions">,
  configId: string,
  mchOrderNo: unknown
): Promise<"v1" | "v3" | null> {
  const parsed = typeof mchOrderNo === "string" ? sessionIdFromMchOrderNo(mchOrderNo) : null
  if (!parsed) return null
  const key = `${configId}\u0000${parsed.sessionId}`
  const cached = known.get(key)
  if (cached) return cached
  const [session] = await payment.listPaymentSessions(
    { id: parsed.sessionId },
    { select: ["id", "provider_id"], withDeleted: true }
  )
  const provider = session ? parseProviderId(session.provider_id) : null
  if (!provider || provider.configId !== configId) return null
  const api = isV1ProviderId(session.provider_id) ? "v1" : "v3"
  if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value as string)
  known.set(key, api)
  return api
}
