// Package indicators defines the figures departments, grids and grid workers are measured
// by (综合评价): each indicator is data, a code, names, a formula over counted facts of the
// case event log, and an explanation users can read next to the figure.
//
// A fact is one kind of thing that happened to cases (reported, registered, closed on
// time…), counted per day and dimension. An indicator's formula combines facts: a count
// ("closed"), a share in percent ("closed / close_due"), its complement
// ("1 - returned / dispatched") or an average in working hours ("handle_minutes /
// handled"). Values are computed from integer counts with one rounding, half up, at the
// end, so that 911 closed of 972 due reads 93.72 % as the city publishes it.
package indicators
