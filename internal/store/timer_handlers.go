package store

// TimerHandlers returns the handler of every kind of timer the platform sets; the
// scheduler fires timers through them. A handler lives in this package, next to the
// writes that set its timers, so it works with the same transaction methods; a method
// `func (t *Tx) caseOverdue(tm Timer) error` is registered as `"case.overdue":
// (*Tx).caseOverdue`. A kind missing here is retried with backoff and logged, never lost.
func (db *DB) TimerHandlers() map[string]TimerHandler {
	return map[string]TimerHandler{
		timerCaseClock:     func(tx *Tx, t Timer) error { return tx.caseClock(t.RefID) },
		timerCaseSupervise: func(tx *Tx, t Timer) error { return tx.caseSupervise(t.RefID) },
	}
}
