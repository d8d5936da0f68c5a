// The lite profile (Ruff Lite): only what net-api.txt marks "Ruff Lite available". No isIP
// family (its hosts get address strings from the platform), so no address grammar.
export * from "./core";
