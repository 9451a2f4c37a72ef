// The one door to Rust: the generated bindings, with their `{status, data | error}` results
// turned into values or a thrown AppError that keeps the core's `{code, message, fields}`.
import { commands, type ErrorCode, type ErrorPayload } from "../bindings";

export { commands };

export class AppError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.payload = payload;
  }
  /** What kind of error: the generated union, so a comparison with a code that does not
   *  exist fails the type-check. */
  get code(): ErrorCode {
    return this.payload.code;
  }
  /** Messages keyed by field name, for showing next to each field. */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.payload.fields) out[f.field] = f.message;
    return out;
  }
}

export type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: ErrorPayload };

/** Unwraps a generated command's result. */
export async function call<T>(result: Promise<Outcome<T>>): Promise<T> {
  const r = await result;
  if (r.status === "error") throw new AppError(r.error);
  return r.data;
}

/** The core refused a change to the shop because it needs the supervisor's PIN: the
 *  screen asks for it and sends the change again with it. */
export function needsSupervisor(e: unknown): boolean {
  return e instanceof AppError && e.payload.reason === "supervisor.needed";
}

/** Any thrown value as a message the user can read (IPC failures are plain strings). */
export function messageOf(e: unknown): string {
  if (e instanceof AppError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
