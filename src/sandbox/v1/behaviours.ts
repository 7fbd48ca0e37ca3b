/**
 * v1 test amounts: what the sandbox's "shopper" does on its own, for tests that cannot click a page. Any other
 * amount waits for the wallet/cashier page (or POST /_sandbox/v1/act). Amounts in cents, any currency.
 */
export interface V1TestAmount {
  amount: number
  name: string
  description: string
  /** Status the order takes right after create_order / payForSubmit. */
  status: 2 | 4 | 9
  notify: boolean
}

export const V1_TEST_AMOUNTS: readonly V1TestAmount[] = [
  {
    amount: 9951,
    name: "paid-at-once",
    description: "paid as soon as it is created (status 2), notify sent",
    status: 2,
    notify: true,
  },
  {
    amount: 9952,
    name: "cancelled-at-once",
    description: "the shopper cancels at once (status 9)",
    status: 9,
    notify: false,
  },
  {
    amount: 9953,
    name: "closed-at-once",
    description: "IOTPay closes the order at once (status 4, e.g. expired)",
    status: 4,
    notify: false,
  },
  {
    amount: 9954,
    name: "paid-no-notify",
    description: "paid at once (status 2), the notify is never sent: recover by query_order",
    status: 2,
    notify: false,
  },
]

export function testAmountOf(amount: number): V1TestAmount | undefined {
  return V1_TEST_AMOUNTS.find((t) => t.amount === amount)
}
