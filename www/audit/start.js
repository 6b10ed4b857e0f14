// Starts the audit page: the wasm-bindgen loader, then the Rust code builds the page.
import init from './vigie_audit_page.js';

init();
