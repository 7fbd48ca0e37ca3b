import type { IPaymentModuleService } from "@medusajs/framework/types"
import { sessionIdFromMchOrderNo } from "../iotpay"
import { isV1ProviderId, parseProviderId } from "./provider-ids"

/**
 * Which API a notify for this entry belongs to, from the payment session its `mchOrderNo` names: the session's
 * provider says it (a WeChat Pay session's notify is v1, a card session's is V3), never the notify's own fields
 * (IOTPay's V3 docs do not list them; a card notify may well carry v1's `backType`). Null when no session of this
 * entry is named (a refund's notify, a session Medusa deleted, a number this store never made).
 */
export async function notifyApiOf(
  payment: Pick<IPaymentModuleService, "listPaymentSessions">,
  configId: string,
  mchOrderNo: unknown
): Promise<"v1" | "v3" | null> {
  const parsed = typeof mchOrderNo === "string" ? sessionIdFromMchOrderNo(mchOrderNo) : null
  if (!parsed) return null
  const [session] = await payment.listPaymentSessions(
    { id: parsed.sessionId },
    { select: ["id", "provider_id"], withDeleted: true }
  )
  const provider = session ? parseProviderId(session.provider_id) : null
  if (!provider || provider.configId !== configId) return null
  return isV1ProviderId(session.provider_id) ? "v1" : "v3"
}
