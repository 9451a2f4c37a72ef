// Labels the shop did not type come as catalogue keys; its own words come as text.
import type { Label } from "../bindings";
import { t } from "./i18n.svelte";

export function labelText(label: Label): string {
  return label.kind === "key" ? t(label.value) : label.value;
}

/** The first 12 hex digits of a fingerprint, as the printed forms show it. */
export function shortHash(hash: string | null | undefined): string {
  return (hash ?? "").slice(0, 12);
}
