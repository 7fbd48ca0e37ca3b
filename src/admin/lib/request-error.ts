import { FetchError } from "@medusajs/js-sdk"

/** A failed load as the page shows it: which data, and the HTTP status or the network failure. */
export function unavailableText(what: string, error: unknown): string {
  return error instanceof FetchError
    ? `${what} unavailable (HTTP ${error.status})`
    : `${what} unavailable: ${(error as Error).message}`
}

/** A failed action as the page shows it: the route's own message, else the HTTP status or the network failure. */
export function failureText(error: unknown): string {
  if (error instanceof FetchError) {
    // FetchError falls back to the status text when the body has no message; the status says more than "Not Found".
    return error.message && error.message !== error.statusText ? error.message : `HTTP ${error.status}`
  }
  return (error as Error).message
}
