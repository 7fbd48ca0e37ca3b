// Lint rules the project holds to (npm run lint, part of npm test): no unused code, braces on multi-line bodies.
import tseslint from "typescript-eslint"

export default tseslint.config(
  {
    ignores: [".medusa/**", "node_modules/**", ".demo-data/**", "test-artifacts/**", "coverage/**", "dist/**"],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      curly: ["error", "multi-line"],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/ban-ts-comment": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
  }
)
