import { MedusaError } from "@medusajs/framework/utils"
import {
  IotpayInvalidRequestError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
  isIotpayError,
} from "../../iotpay"

/**
 * Turns gateway errors into MedusaErrors an admin or storefront can act on. `doing` says what the plugin was doing
 * ("refunding 5.00 CAD of payment PC…"). Gateway error messages never carry secrets or card numbers.
 */
export function toMedusaError(error: unknown, doing: string): MedusaError {
  if (error instanceof MedusaError) return error
  if (error instanceof IotpayInvalidRequestError) {
    // Quote the issues alone: the gateway error's own sentence ("nothing was sent… call again") speaks to a developer.
    const issues = error.issues.map((i) => `${i.field} ${i.message}`).join("; ")
    return new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `IOTPay: ${doing} was refused and nothing was sent: ${issues}.`
    )
  }
  if (error instanceof IotpayRejectedError) {
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `IOTPay refused ${doing}: ${error.retMsg}. Nothing was changed at IOTPay.`
    )
  }
  if (error instanceof IotpayOutcomeUnknownError) {
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `IOTPay did not answer while ${doing}, so the outcome is unknown. Check the payment in the order's IOTPay ` +
        `panel or IOTPay's portal before trying again.`
    )
  }
  if (error instanceof IotpayUnreachableError) {
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `IOTPay could not be reached while ${doing}; nothing was sent. Check apiBase and the network, then retry.`
    )
  }
  if (isIotpayError(error)) {
    return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `IOTPay: ${doing}: ${error.message}`)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new MedusaError(MedusaError.Types.INVALID_DATA, `IOTPay: ${doing}: ${message}`)
}
