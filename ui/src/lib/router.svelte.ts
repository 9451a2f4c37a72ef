// Which screen is showing. A small state machine rather than URLs: the app has one window
// and the back button is Escape.
export type Route =
  | { name: "today" }
  | { name: "customers" }
  | { name: "customer"; id: number }
  | { name: "customer-new"; prefill?: string }
  | { name: "customer-edit"; id: number }
  | { name: "vehicle-new"; customerId: number; prefill?: string }
  | { name: "vehicle-edit"; customerId: number; id: number }
  | { name: "workorders" }
  | { name: "job-new"; customerId: number; vehicleId: number }
  | { name: "job"; id: number; step?: JobStep }
  | { name: "appointments"; day?: string; view?: BookView }
  | { name: "appointment-new"; day?: string; bay?: number; followUp?: FollowUpBooking }
  | { name: "appointment"; id: number }
  | { name: "appointment-edit"; id: number }
  | { name: "complaints" }
  | { name: "complaint"; id: number }
  | { name: "complaint-new"; customerId: number; vehicleId: number; workOrderId?: number }
  | { name: "customer-care"; tab?: "due" | "lost" | "settings" }
  | { name: "receivables" }
  | { name: "day" }
  | { name: "settings" }
  | { name: "letters" }
  | { name: "follow-ups"; job?: number; tab?: FollowUpTab };

/** The follow-up screen's lists. */
export type FollowUpTab = "today" | "overdue" | "done" | "missed" | "supervisor";

/** A check or comeback booked from a follow-up call: the new-appointment form filled
 *  for the car, and the booking linked back to the call once saved. */
export type FollowUpBooking = { call: number; customerId: number; vehicleId: number; name: string; wantedWork: string };

/** The appointment book's views: the week board, one day's list, and the register and
 * tally of the week shown (or of days chosen there). */
export type BookView = "week" | "day" | "register" | "tally";

/** The steps of a job's screen, in the order the desk walks them: the intake, then the
 * estimate and the workshop's additional items and progress. */
export type JobStep = "details" | "walkaround" | "belongings" | "sign" | "estimate" | "workshop" | "settle";

const state = $state({ route: { name: "today" } as Route, history: [] as Route[] });

export function route(): Route {
  return state.route;
}

export function go(next: Route): void {
  state.history.push(state.route);
  if (state.history.length > 50) state.history.shift();
  state.route = next;
}

/** Back to the previous screen (Escape); a form that saved replaces itself instead. */
export function back(): void {
  state.route = state.history.pop() ?? { name: "today" };
}

export function replace(next: Route): void {
  state.route = next;
}
