import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"

/** An admin user and a bearer token for the admin API, the way Medusa's own integration tests make one. */
export async function adminHeaders(container: MedusaContainer) {
  const email = `admin-${Date.now()}@iotpay.test`
  const user = await container.resolve(Modules.USER).createUsers({ email, first_name: "Ad", last_name: "Min" })
  const authIdentity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const token = jwt.sign(
    { actor_id: user.id, actor_type: "user", auth_identity_id: authIdentity.id, app_metadata: { user_id: user.id } },
    process.env.JWT_SECRET || "supersecret",
    { expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` } }
}
