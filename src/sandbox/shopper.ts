import { TEST_CARDS, type TestCardName } from "./cards"

/** The sandbox's test card numbers by name (visa approves, declined declines…), for tests and demos. */
export const SANDBOX_CARDS = Object.fromEntries(
  (Object.keys(TEST_CARDS) as TestCardName[]).map((name) => [name, TEST_CARDS[name].number])
) as { [K in TestCardName]: string }

/**
 * A shopper on the sandbox's hosted card page, over plain HTTP like a browser without JavaScript: opens the page,
 * submits its form with `cardNum` (any future expiry, any CVV), and returns where the sandbox sends the shopper back
 * (the returnUrl with IOTPay's unsigned retCode/status appended). Useful to plugin users' own tests as well.
 */
export async function payOnHostedPage(
  redirectUrl: string,
  cardNum: string,
  card: { expiry?: string; cvv?: string; holder?: string } = {}
): Promise<URL> {
  const page = await fetch(redirectUrl)
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}: ${await page.text()}`)
  const action = /<form[^>]*action="([^"]+)"/.exec(await page.text())?.[1]
  if (!action) throw new Error(`no form on the hosted page at ${redirectUrl}`)
  const submitted = await fetch(new URL(action.replace(/&amp;/g, "&"), redirectUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      cardNum,
      expiryDate: card.expiry ?? "1230",
      cvv: card.cvv ?? "123",
      holder: card.holder ?? "Jane Shopper",
    }).toString(),
  })
  const location = submitted.headers.get("location")
  if (submitted.status !== 303 || !location) throw new Error(`hosted page did not redirect: ${submitted.status}`)
  return new URL(location)
}
