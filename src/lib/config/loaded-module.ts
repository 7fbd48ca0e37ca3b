import { MedusaModule } from "@medusajs/framework/modules-sdk"

/**
 * A module this process loaded, by its key. A payment provider's own container holds only the payment module's
 * internals, so what it needs from other modules (locking, the plugin's ledger, the payment module's public service)
 * it finds here; MedusaModule keeps `{ [key]: service }` per loaded module. Undefined outside a Medusa app.
 */
export function loadedModule<T>(key: string): T | undefined {
  return (MedusaModule.getModuleInstance(key) as Record<string, T> | undefined)?.[key]
}
