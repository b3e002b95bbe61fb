package schedule

import (
	"fmt"
	"time"
)

// Label shows a due time in the user's time zone loc with its UTC time beside it, as the
// Sync Status row and the Settings screen show the next run: "Tue 8 Dec 08:00 (07:00 UTC)".
// In UTC itself the time is shown once: "Tue 8 Dec 07:00 UTC".
func Label(due time.Time, loc *time.Location) string {
	if due.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	utc := due.UTC()
	local := due.In(loc)
	if loc.String() == "UTC" {
		return utc.Format("Mon 2 Jan 15:04") + " UTC"
	}
	return fmt.Sprintf("%s (%s UTC)", local.Format("Mon 2 Jan 15:04"), utc.Format("15:04"))
}

// CatchUpNote is the run note of a catch-up run: "missed Tuesday 07:00 UTC: ran at launch".
// how says when it ran instead ("at launch", "by trueup sync --scheduled").
func CatchUpNote(due time.Time, how string) string {
	utc := due.UTC()
	return fmt.Sprintf("missed %s %s UTC: ran %s", utc.Weekday(), utc.Format("15:04"), how)
}

// Recommendation is the advice the Settings screen and `trueup schedule show` give beside a
// vendor schedule (the Gradient seed's): arrears distributors publish the previous month's
// data late, so a sync on the 5th or 6th works with complete data. PSA schedules have none.
func Recommendation(vendor bool) string {
	if !vendor {
		return ""
	}
	return "Schedule vendor syncs for the 5th or 6th of the month: distributors such as Pax8 " +
		"publish the previous month's arrears data late, so a true-up then works with complete data."
}
