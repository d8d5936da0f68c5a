// The full profile: everything a Node-compatible net module needs.
export * from "./core";
export { address_scratch, address_bytes, address_text, address_parse, address_format } from "./address";
