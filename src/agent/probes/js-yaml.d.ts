// js-yaml is in node_modules (through eslint) but not yet a dependency of expacti, and has no
// bundled types: the lead adds `js-yaml` to dependencies (and @types/js-yaml), then this goes.
declare module 'js-yaml' {
  export function load(text: string, options?: { json?: boolean; filename?: string }): unknown;
}
