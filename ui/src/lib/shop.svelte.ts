// The shop's settings as loaded at start, shared by every screen (units, currency, prefix).
import type { ShopSettings } from "../bindings";

export const shop = $state({
  ready: false,
  settings: null as ShopSettings | null,
  dataDir: "",
});
