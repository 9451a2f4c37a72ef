// A workshop sheet being filled in at the desk (the diagnosis report, the dispatch sheet):
// the field errors shown beside their fields, the one failure line, and `busy`, so a double
// click neither saves nor prints twice. Saving sends the whole sheet; a refusal with field
// issues lands by the fields, any other error on the failure line.
import { AppError, messageOf } from "./api";

export class SheetForm {
  errors: Record<string, string> = $state({});
  failure = $state("");
  busy = $state(false);

  /** The message beside `field`, if the core named it. */
  err(field: string): string | undefined {
    return this.errors[field];
  }

  /** Runs one action at a time; a call while one is under way is ignored. */
  async run(action: () => Promise<unknown>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await action();
    } finally {
      this.busy = false;
    }
  }

  /** Clears the last errors and sends `request`: true when it went through, false when it
   *  was refused (the errors then show by their fields, or on the failure line). */
  async send(request: () => Promise<unknown>): Promise<boolean> {
    this.errors = {};
    this.failure = "";
    try {
      await request();
      return true;
    } catch (e) {
      this.refuse(e);
      return false;
    }
  }

  /** Shows a refusal of one value checked on its own (a number as typed) by `field`: the
   *  core's own words for it, not the general "correct the fields" line. */
  refuseField(field: string, e: unknown): void {
    const said = e instanceof AppError ? Object.values(e.fieldMessages())[0] : undefined;
    this.errors = { ...this.errors, [field]: said ?? messageOf(e) };
    this.failure = "";
  }

  /** Shows an error where it belongs: by its fields when the core named any. */
  refuse(e: unknown): void {
    if (e instanceof AppError && e.payload.fields.length) this.errors = e.fieldMessages();
    else this.failure = messageOf(e);
  }
}
