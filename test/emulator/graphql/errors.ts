// Error shapes of Shopify's Admin API, which runs graphql-ruby. Verified against public sources (2026-11):
//  - undefined field: "Field 'idd' doesn't exist on type 'Shop'", extensions {code: "undefinedField", typeName,
//    fieldName}, path ["query", "shop", "idd"] (graphql-ruby FieldsAreDefinedOnType + its error class; a graphql-ruby
//    API's documented example at docs.interlynk.io/api/reference/errors).
//  - unknown argument: "Field 'inventoryItems' doesn't accept argument 'quer'", extensions {code:
//    "argumentNotAccepted", name, typeName: "Field", argumentName}, path [..., "quer"] (a real Shopify response
//    quoted in MONEI/Shopify-api-node#297; graphql-ruby ArgumentsAreDefined).
//  - missing argument: "Field 'metafields' is missing required arguments: identifiers" (Shopify Storefront response
//    in BuilderIO/builder-shopify-hydrogen#1), extensions {code: "missingRequiredArguments", className: "Field",
//    name, arguments} (graphql-ruby RequiredArgumentsArePresent).
//  - bad variable: "Variable $apiKey of type String! was provided invalid value" with extensions {value, problems:
//    [{path: [], explanation: "Expected value to not be null"}]} (carstenlebek/shopify-non-embedded-app-template#22);
//    nested problems are appended: "... was provided invalid value for 0.sku (Field is not defined on
//    ProductVariantsBulkInput)", and current Shopify adds extensions.code "INVALID_VARIABLE" (production errors
//    quoted in public Shopify client code); ID values must be global ids: "Invalid global id `52048166948`".
//  - parse error: "Parse error on \")\" (RPAREN) at [1, 28]" with locations and no extensions (Shopify response
//    quoted in Shopify/shopify-cli#668). Newer graphql-ruby parsers word some messages differently (uncertain).
//  - unknown type: "UserSignUpInput isn't a defined input type (on $input)" {code: "variableRequiresValidType",
//    typeName, variableName}; "No such type X, so it can't be a fragment condition" {code: "undefinedType"}
//    (graphql-ruby VariablesAreInputTypes / FragmentTypesExist and their tests).
//  - variable/argument mismatch: "Type mismatch on variable $id and argument id (String! / ID!)" {code:
//    "variableMismatch", variableName, typeName, argumentName, errorMessage} (graphql-ruby tests).
//  - operation selection: "An operation name is required" / "No operation named \"X\"" (graphql-ruby Query).
//  - Throttled / MAX_COST_EXCEEDED: see ../throttle.ts.
import type { GraphQLError } from 'graphql';

export interface ShopifyErrorLocation {
  line: number;
  column: number;
}

export interface ShopifyGraphqlError {
  message: string;
  locations?: ShopifyErrorLocation[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** Thrown by resolvers for a top-level error with Shopify's extensions (BAD_REQUEST, ACCESS_DENIED, ...). */
export class EmulatorGraphqlError extends Error {
  override name = 'EmulatorGraphqlError';
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A field that exists in the real schema but that the emulator does not serve: fail loudly, never make data up. */
export class NotImplementedError extends EmulatorGraphqlError {
  override name = 'NotImplementedError';
  constructor(coordinate: string) {
    super(`emulator: ${coordinate} not implemented`, { code: 'EMULATOR_NOT_IMPLEMENTED', field: coordinate });
  }
}

/** Converts an execution error from graphql-js into Shopify's shape. */
export function fromExecutionError(error: GraphQLError): ShopifyGraphqlError {
  const original = error.originalError;
  const shaped: ShopifyGraphqlError = { message: error.message };
  if (error.locations) shaped.locations = error.locations.map(({ line, column }) => ({ line, column }));
  if (error.path) shaped.path = [...error.path];
  if (original instanceof EmulatorGraphqlError) {
    if (Object.keys(original.extensions).length > 0) shaped.extensions = original.extensions;
  } else if (original && !(original instanceof EmulatorGraphqlError)) {
    // A bug in a resolver: say so plainly, with the emulator's own message.
    shaped.message = `emulator: internal error: ${original.message}`;
    shaped.extensions = { code: 'INTERNAL_SERVER_ERROR' };
  }
  return shaped;
}

export function parseErrorOf(error: GraphQLError, source: string): ShopifyGraphqlError {
  const location = error.locations?.[0] ?? { line: 1, column: 1 };
  const token = describeTokenAt(source, location);
  return { message: `Parse error on ${token} at [${location.line}, ${location.column}]`, locations: [location] };
}

// graphql-ruby names the offending token: "\")\" (RPAREN)", "\"shop\" (IDENTIFIER)", "end of file".
const PUNCTUATORS: Record<string, string> = {
  '{': 'LCURLY',
  '}': 'RCURLY',
  '(': 'LPAREN',
  ')': 'RPAREN',
  '[': 'LBRACKET',
  ']': 'RBRACKET',
  ':': 'COLON',
  $: 'VAR_SIGN',
  '!': 'BANG',
  '=': 'EQUALS',
  '@': 'DIR_SIGN',
  '|': 'PIPE',
  '&': 'AMP',
};

function describeTokenAt(source: string, location: ShopifyErrorLocation): string {
  const lines = source.split(/\r\n|\n|\r/);
  const line = lines[location.line - 1] ?? '';
  const rest = line.slice(location.column - 1);
  if (rest.length === 0 && location.line >= lines.length) return 'end of file';
  const ch = rest[0] ?? '';
  const punctuator = PUNCTUATORS[ch];
  if (punctuator) return `${JSON.stringify(ch)} (${punctuator})`;
  if (rest.startsWith('...')) return '"..." (ELLIPSIS)';
  const word = /^[_A-Za-z][_0-9A-Za-z]*/.exec(rest);
  if (word) return `${JSON.stringify(word[0])} (IDENTIFIER)`;
  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
  if (number) return `${JSON.stringify(number[0])} (${number[1] || number[2] ? 'FLOAT' : 'INT'})`;
  if (ch === '"') return `${JSON.stringify(rest.slice(0, Math.max(1, rest.indexOf('"', 1) + 1)))} (STRING)`;
  return JSON.stringify(ch || 'end of file');
}
