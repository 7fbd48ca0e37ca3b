// Public surface of the IOTPay gateway client. No Medusa imports here: this layer is usable on its own.
export * from "./errors"
export * from "./money"
export * from "./ids"
export * from "./redact"
export * from "./schemas"
export * from "./sign"
export * from "./client"
export * from "./notify"
