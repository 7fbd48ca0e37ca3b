// Cards: IOTPay's hosted page sends the shopper back here, with ?cart_id= (returnUrlFor) and its own parameters.
import { readReturn } from "medusa-payment-iotpay/storefront"
import { NextRequest } from "next/server"
import { afterIotpayReturn } from "./respond"

export async function GET(req: NextRequest, { params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const { cartId } = readReturn(req.nextUrl.searchParams)
  return afterIotpayReturn(countryCode, cartId, req.nextUrl.pathname + req.nextUrl.search)
}
