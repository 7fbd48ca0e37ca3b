// Medusa's test runner re-loads module models per suite; MikroORM's global metadata must start empty.
const { MetadataStorage } = require("@mikro-orm/core")
MetadataStorage.clear()

// Medusa logs every boot step at info level; keep test output to what matters (set LOG_LEVEL=info to see it all).
process.env.LOG_LEVEL ??= "warn"
