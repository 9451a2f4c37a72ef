// A change to the shop that the core may keep for the supervisor (staff, PINs, a higher
// discount limit, the export passphrase, a restore). The screen sends it without a PIN;
// when the core answers `supervisor.needed`, `asking` holds it until the supervisor types
// her PIN (`retry`) or the desk cancels. A wrong or locked PIN stays on the PIN form as
// `error`; any other refusal goes back to the screen. The core alone decides what needs her.
import { AppError, messageOf, needsSupervisor } from "./api";
import type { SupervisorWord } from "../bindings";

type Send = (word: SupervisorWord | null) => Promise<void>;
export type Asking<W extends string> = { where: W; what: string; send: Send };

export class Guard<W extends string = string> {
  asking: Asking<W> | null = $state(null);
  error = $state("");

  /** Sends the change; true once done, false while it waits for the supervisor. */
  async send(where: W, what: string, send: Send, word: SupervisorWord | null = null): Promise<boolean> {
    try {
      await send(word);
      this.cancel();
      return true;
    } catch (e) {
      if (needsSupervisor(e)) {
        this.asking = { where, what, send };
        this.error = word ? messageOf(e) : "";
        return false;
      }
      if (word && e instanceof AppError && (e.code === "locked" || e.payload.reason?.startsWith("pin."))) {
        this.error = messageOf(e);
        return false;
      }
      this.cancel();
      throw e;
    }
  }

  /** Sends the waiting change again with the supervisor's word. */
  retry(word: SupervisorWord): Promise<boolean> {
    const a = this.asking;
    return a ? this.send(a.where, a.what, a.send, word) : Promise.resolve(false);
  }

  cancel() {
    this.asking = null;
    this.error = "";
  }
}
