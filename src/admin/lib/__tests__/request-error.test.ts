import { describe, expect, it } from "@jest/globals"
import { FetchError } from "@medusajs/js-sdk"
import { failureText, unavailableText } from "../request-error"

describe("the admin's request errors, as the pages show them", () => {
  it("a failed load names the data and the HTTP status, or the network failure", () => {
    expect(unavailableText("IOTPay settings", new FetchError("Unauthorized", "Unauthorized", 401))).toBe(
      "IOTPay settings unavailable (HTTP 401)"
    )
    expect(unavailableText("IOTPay status", new TypeError("Failed to fetch"))).toBe(
      "IOTPay status unavailable: Failed to fetch"
    )
  })

  it("a failed action shows the route's own message, else the HTTP status (never a bare status text)", () => {
    expect(failureText(new FetchError("No IOTPay entry iotpay-x.", "Not Found", 404))).toBe("No IOTPay entry iotpay-x.")
    // js-sdk falls back to the status text when the body has no message; HTTP/2 has none at all.
    expect(failureText(new FetchError("Bad Gateway", "Bad Gateway", 502))).toBe("HTTP 502")
    expect(failureText(new FetchError("", "", 500))).toBe("HTTP 500")
    expect(failureText(new TypeError("Failed to fetch"))).toBe("Failed to fetch")
  })
})
