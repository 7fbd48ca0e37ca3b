/**
 * The reversals (refunds, voids) the order's IOTPay admin panel lists for its first payment, as [amount, status text]:
 * the ledger a merchant reads, set beside the sandbox's cents and Medusa's refund rows.
 */
export async function panelReversals(api: any, admin: object, orderId: string): Promise<[string, string][]> {
  const { data } = await api.get(`/admin/iotpay/orders/${orderId}`, admin)
  return data.payments[0].reversals.map((r: { amount: string; statusText: string }) => [r.amount, r.statusText])
}
