// The shopper on the sandbox's hosted card page and its test cards: one copy, exported by the sandbox itself.
export { SANDBOX_CARDS as CARDS, payOnHostedPage } from "../../src/sandbox"
