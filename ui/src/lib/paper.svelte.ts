// A printable form's "Print / Open / Save as…" buttons in one place: the generated command
// each calls, the message it leaves (a catalogue key, so it follows a change of language)
// and `busy`, so a double click neither prints twice nor logs a second COPY. Errors go back
// to the caller, which shows them where that screen shows its others.
import { call, type Outcome } from "./api";
import { t } from "./i18n.svelte";
import type { PrintOutcome } from "../bindings";

export type PaperKind = "print" | "open" | "save";
export type PaperMessage = { key: string; values?: Record<string, string> };

type Command<T, R> = (request: R) => Promise<Outcome<T>>;
/** A form's commands from `bindings.ts`; a form without Print (or Save as…) leaves it out. */
export type PaperCommands<R = never> = {
  print?: Command<PrintOutcome, R>;
  open?: Command<string, R>;
  save?: Command<string | null, R>;
};

export type PaperHooks = {
  /** Runs first (saving what is still pending); false stops the printing, quietly. */
  before?: () => Promise<boolean>;
  /** Runs after the command (the exit notice reloads its count of prints). */
  after?: () => Promise<void>;
};

/** The viewer's copy is named by its file: the folder it sits in (deep inside the shop's
 *  data folder) is nothing a cashier needs to read, and a path has no place to break. */
function opened(path: string): PaperMessage {
  return { key: "print.opened", values: { file: path.split(/[\\/]/).pop() || path } };
}

export class Paper<C extends PaperCommands> {
  busy = $state(false);
  message: PaperMessage | null = $state(null);
  readonly #commands: PaperCommands;
  readonly #hooks: PaperHooks;

  constructor(commands: C, hooks: PaperHooks = {}) {
    this.#commands = commands;
    this.#hooks = hooks;
  }

  /** The message in the current language; "" when there is none. */
  get text(): string {
    return this.message ? t(this.message.key, this.message.values) : "";
  }

  /** Prints, opens or saves; a call while one is under way is ignored. */
  async run<K extends PaperKind & keyof C>(kind: K, request: Parameters<NonNullable<C[K]>>[0]): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.message = null;
    try {
      if (this.#hooks.before && !(await this.#hooks.before())) return;
      // The signature tied the request to the kind's command; inside, one type fits all.
      this.message = await this.#send(kind, request as never);
      await this.#hooks.after?.();
    } finally {
      this.busy = false;
    }
  }

  async #send(kind: PaperKind, request: never): Promise<PaperMessage | null> {
    const { print, open, save } = this.#commands;
    if (kind === "print" && print) {
      const out = await call(print(request));
      return out.sentToPrinter ? { key: "print.sent" } : opened(out.path);
    }
    if (kind === "open" && open) return opened(await call(open(request)));
    if (kind === "save" && save) {
      // The shell opens the save dialog and checks the place; null when it was cancelled.
      const written = await call(save(request));
      return written ? { key: "print.saved", values: { path: written } } : null;
    }
    throw new Error(`this form has no ${kind} command`);
  }
}
