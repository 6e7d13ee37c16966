// Plain `tsc` does not understand .astro files (`astro check` does); to tsc an imported
// component is an Astro component factory, which is all the .ts code relies on.
declare module "*.astro" {
  import type { AstroComponentFactory } from "astro/runtime/server/index.js";

  const Component: AstroComponentFactory;
  export default Component;
}
