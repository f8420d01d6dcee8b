// Package cases is the closed loop every reported problem goes through: intake from any
// channel, triage (三事分流), registration, dispatch by responsibility rules, acknowledgement,
// handling with extensions and suspensions, verification, closure, the return visit and
// rating, reopening and archiving. It holds the categories with their time limits, the
// state machine and the deadline rules. It knows nothing of SQL or HTTP.
package cases
