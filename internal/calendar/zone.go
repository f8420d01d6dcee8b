package calendar

import "time"

// Location is China Standard Time, UTC+8 all year (China keeps no daylight saving time),
// the zone every working day and ticket date is counted in.
var Location = time.FixedZone("CST", 8*60*60)
