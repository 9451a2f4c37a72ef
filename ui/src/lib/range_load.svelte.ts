// What a view of a range of days loads (the appointment register, the tally): the answer,
// the errors by field (a range the core refuses) and the failure line. An answer that
// comes back for a range no longer shown is dropped, so a quick change of the dates never
// shows the wrong days.
import { AppError, messageOf } from "./api";

export class RangeLoad<T> {
  data = $state<T | null>(null);
  errors: Record<string, string> = $state({});
  failure = $state("");
  private asked = "";

  /** Loads `fetch(from, to)`; nothing while either end is empty. */
  load(from: string, to: string, fetch: (from: string, to: string) => Promise<T>): void {
    if (!from || !to) return;
    const key = `${from}/${to}`;
    this.asked = key;
    this.errors = {};
    this.failure = "";
    fetch(from, to)
      .then((got) => {
        if (this.asked === key) this.data = got;
      })
      .catch((e) => {
        if (this.asked !== key) return;
        this.data = null;
        if (e instanceof AppError && e.payload.fields.length) this.errors = e.fieldMessages();
        else this.failure = messageOf(e);
      });
  }
}
