// Medusa's test runner re-loads module models per suite; MikroORM's global metadata must start empty.
const { MetadataStorage } = require("@mikro-orm/core")
MetadataStorage.clear()
