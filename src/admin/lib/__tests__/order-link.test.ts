import { describe, expect, it } from "@jest/globals"
import { orderHref } from "../order-link"

describe("orderHref", () => {
  it("keeps the dashboard's base path, whatever admin.path is", () => {
    expect(orderHref("order_01", "/app/settings/iotpay")).toBe("/app/orders/order_01")
    expect(orderHref("order_01", "/app/settings/iotpay/")).toBe("/app/orders/order_01")
    expect(orderHref("order_01", "/dashboard/orders/order_00")).toBe("/dashboard/orders/order_01")
    expect(orderHref("order_01", "/settings/iotpay")).toBe("/orders/order_01")
  })
})
