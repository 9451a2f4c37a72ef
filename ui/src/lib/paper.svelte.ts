// A printable form's "Print / Open / Save as…" buttons, in one place: which generated
// command each calls, the message it leaves (a catalogue key with its values, so the text
// follows a change of language) and `busy`, so a double click neither sends the form to
// the printer twice nor logs a second COPY. Errors go back to the caller, which shows them
// where that screen shows its others.
import { call, type Outcome } from "./api";
import { t } from "./i18n.svelte";
import type { PrintOutcome } from "../bindings";

export type PaperKind = "print" | "open" | "save";

/** A catalogue key and its values, translated only when shown. */
export type PaperMessage = { key: string; values?: Record<string, string> };

/** A form's commands from `bindings.ts`; a form without Print (or Save as…) leaves it out. */
export type PaperCommands = {
  print?: (request: never) => Promise<Outcome<PrintOutcome>>;
  open?: (request: never) => Promise<Outcome<string>>;
  save?: (request: never) => Promise<Outcome<string | null>>;
};

type RequestOf<C extends PaperCommands, K extends PaperKind> = Parameters<NonNullable<C[K]>>[0];

export type PaperHooks = {
  /** Runs first (saving what is still pending); false stops the printing, quietly. */
  before?: () => Promise<boolean>;
  /** Runs after the command (the exit notice reloads its count of prints). */
  after?: () => Promise<void>;
};

export class Paper<C extends PaperCommands> {
  busy = $state(false);
  message: PaperMessage | null = $state(null);
  readonly #commands: C;
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
  async run<K extends PaperKind & keyof C>(kind: K, request: RequestOf<C, K>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.message = null;
    try {
      if (this.#hooks.before && !(await this.#hooks.before())) return;
      this.message = await this.#send(kind, request);
      await this.#hooks.after?.();
    } finally {
      this.busy = false;
    }
  }

  async #send(kind: PaperKind, request: unknown): Promise<PaperMessage | null> {
    // `run`'s signature ties the request to the kind's command; here they are one of three.
    const commands = this.#commands as {
      print?: (request: unknown) => Promise<Outcome<PrintOutcome>>;
      open?: (request: unknown) => Promise<Outcome<string>>;
      save?: (request: unknown) => Promise<Outcome<string | null>>;
    };
    if (kind === "print" && commands.print) {
      const out = await call(commands.print(request));
      return out.sentToPrinter ? { key: "print.sent" } : { key: "print.opened", values: { path: out.path } };
    }
    if (kind === "open" && commands.open) {
      return { key: "print.opened", values: { path: await call(commands.open(request)) } };
    }
    if (kind === "save" && commands.save) {
      // The shell opens the save dialog and checks the place; null when it was cancelled.
      const written = await call(commands.save(request));
      return written ? { key: "print.saved", values: { path: written } } : null;
    }
    throw new Error(`this form has no ${kind} command`);
  }
}
