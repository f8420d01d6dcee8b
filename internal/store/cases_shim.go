package store

import "time"

type Timer struct {
	ID     int64
	Kind   string
	RefID  int64
	FireAt time.Time
}

type TimerHandler func(tx *Tx, t Timer) error

func (t *Tx) setTimer(kind string, refID int64, at time.Time) error { return nil }
func (t *Tx) cancelTimer(kind string, refID int64) error           { return nil }
