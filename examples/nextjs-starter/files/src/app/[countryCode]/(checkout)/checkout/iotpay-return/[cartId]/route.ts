// WeChat Pay (inside WeChat), Alipay and UnionPay: IOTPay v1 return URLs carry no query string, so the cart id is in
// the path.
import { NextRequest } from "next/server"
import { afterIotpayReturn } from "../respond"

export async function GET(req: NextRequest, { params }: { params: Promise<{ countryCode: string; cartId: string }> }) {
  const { countryCode, cartId } = await params
  return afterIotpayReturn(countryCode, cartId, req.nextUrl.pathname)
}
