import providerModule from ".."
import { v1Summary } from "../../../lib/admin-views/v1-settings"
import { parseProviderOptions } from "../../../lib/config/options"
import { AbstractIotpayV1WalletProvider } from "../v1-wallet-base-service"
import {
  IOTPAY_SERVICE_IDENTIFIERS,
  V1_SERVICE_IDENTIFIERS,
  isV1ProviderId,
  parseProviderId,
  providerIdsOf,
  v1ProviderIdsOf,
} from "../../../lib/config/provider-ids"
import {
  V1_WALLETS,
  cardProviderId,
  isIotpayProvider,
  v1ProviderId,
  v1WalletOf,
  walletProviderId,
} from "../../../storefront/ids"

// The registry (src/lib/config/provider-ids.ts) is the one list of services; the provider module and the storefront
// kit's ids (kept apart for the browser bundle) must say the same, so adding a service without the other fails here.
const services = (providerModule as unknown as { services: Array<{ identifier: string; prototype: object }> }).services

describe("one registry of services", () => {
  it("the provider module registers exactly the registry's services, its v1 ones exactly the v1 list", () => {
    expect(services.map((s) => s.identifier).sort()).toEqual([...IOTPAY_SERVICE_IDENTIFIERS].sort())
    const v1 = services.filter((s) => s.prototype instanceof AbstractIotpayV1WalletProvider).map((s) => s.identifier)
    expect(v1.sort()).toEqual([...V1_SERVICE_IDENTIFIERS].sort())
  })

  it.each(["iotpay", "iotpay-px"])(
    "the storefront kit's ids for entry %s are the registry's, v1 wallets included",
    (entry) => {
      const kit = [cardProviderId(entry), walletProviderId(entry), ...V1_WALLETS.map((w) => v1ProviderId(w, entry))]
      expect(kit.sort()).toEqual(providerIdsOf(entry).sort())
      expect(V1_WALLETS.map((w) => v1ProviderId(w, entry)).sort()).toEqual(v1ProviderIdsOf(entry).sort())
      for (const id of providerIdsOf(entry)) {
        expect(isIotpayProvider(id)).toBe(true)
        expect(parseProviderId(id)).toEqual({ identifier: expect.any(String), configId: entry })
        expect(!!v1WalletOf(id)).toBe(isV1ProviderId(id))
      }
    }
  )

  it("Settings → IOTPay lists exactly the registry's v1 services for an entry", () => {
    const options = parseProviderOptions({
      merchantId: "10000888",
      loginName: "shopdemo",
      secretKey: "registry-test-key",
      backendUrl: "https://api.shop.example",
    })
    const listed = v1Summary("iotpay-px", options).services.map((s) => s.providerId)
    expect(listed.sort()).toEqual(v1ProviderIdsOf("iotpay-px").sort())
  })
})
