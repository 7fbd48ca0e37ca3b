// Projects: `unit` (fast, no database; gateway client, sandbox, provider mapping against the sandbox),
// `integration` (real Medusa booted by medusaIntegrationTestRunner against Postgres, sandbox over HTTP), `package`
// (scripts/test-package.js) and `e2e` (a real browser against the demo stack, scripts/test-e2e.js).
const swc = ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true }, target: "es2022" } }]
const common = {
  transform: { "^.+\\.[jt]sx?$": swc },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/", "<rootDir>/.demo-data/"],
}
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/src/**/__tests__/**/*.test.ts", "<rootDir>/scripts/**/__tests__/**/*.test.js"],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/integration-tests/http/**/*.spec.ts"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...common,
      displayName: "package",
      testMatch: ["<rootDir>/integration-tests/package/**/*.spec.ts"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    // Production topology: Redis modules, two server instances and a worker (npm run test:cluster).
    {
      ...common,
      displayName: "cluster",
      testMatch: ["<rootDir>/integration-tests/cluster/**/*.spec.ts"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    // The fault matrix: its own Postgres (and Redis) that the tests stop and start (npm run test:faults).
    {
      ...common,
      displayName: "faults",
      testMatch: ["<rootDir>/integration-tests/faults/**/*.spec.ts"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    // Browser tests against the demo stack; `npm run test:e2e` (scripts/test-e2e.js) starts the stack and runs them.
    { ...common, displayName: "e2e", testMatch: ["<rootDir>/integration-tests/e2e/**/*.spec.ts"] },
  ],
}
