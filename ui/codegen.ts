import type { CodegenConfig } from "@graphql-codegen/cli";

// Generates TypeScript types for the schema and for every operation written in src as a /* GraphQL */ template.
const config: CodegenConfig = {
  schema: "schema.graphqls",
  documents: ["src/**/*.ts", "src/**/*.tsx", "!src/generated/**"],
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations"],
      config: {
        // Long is epoch milliseconds as a JSON number; ID is a string.
        scalars: { Long: "number", ID: "string" },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        maybeValue: "T | null",
        useTypeImports: true,
      },
    },
  },
};

export default config;
