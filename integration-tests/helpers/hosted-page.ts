/** A shopper on the sandbox's hosted card page, driven over real HTTP like a browser without JavaScript. */
export const CARDS = {
  visa: "4242424242424242",
  mastercard: "5555555555554444",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  noNotify: "4000000000000259",
}

export async function payOnHostedPage(redirectUrl: string, cardNum: string): Promise<URL> {
  const page = await fetch(redirectUrl)
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}: ${await page.text()}`)
  const html = await page.text()
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
  if (!action) throw new Error(`no form on the hosted page:\n${html.slice(0, 500)}`)
  const submitted = await fetch(new URL(action.replace(/&amp;/g, "&"), redirectUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ cardNum, expiryDate: "1230", cvv: "123", holder: "Jane Shopper" }).toString(),
  })
  const location = submitted.headers.get("location")
  if (submitted.status !== 303 || !location) throw new Error(`hosted page did not redirect: ${submitted.status}`)
  return new URL(location)
}
