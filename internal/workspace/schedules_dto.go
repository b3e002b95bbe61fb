package workspace

// ScheduleInput sets the schedule of one integration (IntegrationID) or of one stream
// (Stream "psa" or "vendors"); an integration's own schedule overrides its stream's.
type ScheduleInput struct {
	IntegrationID int64  `json:"integration_id"`
	Stream        string `json:"stream"`
	// Cadence is weekly, monthly, nightly or off.
	Cadence string `json:"cadence"`
	// Weekday (mon..sun) of a weekly schedule; empty: the weekday the integration was set
	// up (a stream's weekly schedule needs one).
	Weekday string `json:"weekday"`
	// Day of the month (1..31) of a monthly schedule; a month without it runs on its last day.
	Day int `json:"day"`
	// Mode is quick (the default) or full.
	Mode string `json:"mode"`
	// FullFirstOfMonth makes the first run of each calendar month a Full Sync.
	FullFirstOfMonth bool `json:"full_first_of_month"`
}

// ScheduleRow is one schedule as Settings and `trueup schedule show` list it: a stream's
// (Stream set, IntegrationID 0) or the schedule one integration runs on (its own, its
// stream's, or the default weekly one; Source says which).
type ScheduleRow struct {
	IntegrationID int64  `json:"integration_id"`
	Integration   string `json:"integration"` // the integration's name; empty on a stream row
	Stream        string `json:"stream"`      // psa or vendors: the row's stream, or the integration's
	// Source is where an integration's schedule comes from: integration, stream or default.
	Source string `json:"source"`
	// Cadence as the CLI flags word it: "weekly tue", "monthly 5", "nightly", "off".
	Cadence          string `json:"cadence"`
	Weekday          string `json:"weekday"` // mon..sun for weekly
	Day              int    `json:"day"`     // 1..31 for monthly
	Mode             string `json:"mode"`
	FullFirstOfMonth bool   `json:"full_first_of_month"`
	// Description words the schedule: "weekly on Tuesday at 07:00 UTC, quick".
	Description string `json:"description"`
	// NextRuns are the next due times (RFC 3339, UTC); NextRunLabels the same in the
	// user's time zone with the UTC time beside it ("Tue 8 Dec 08:00 (07:00 UTC)").
	NextRuns      []string `json:"next_runs"`
	NextRunLabels []string `json:"next_run_labels"`
	// LastRunAt is when the last scheduled run of the integration started (RFC 3339);
	// LastDueAt the due time it was for.
	LastRunAt string `json:"last_run_at"`
	LastDueAt string `json:"last_due_at"`
	// Missed are the due times that passed without a run (RFC 3339, UTC); the next launch
	// or `trueup sync --scheduled` runs the latest of them once.
	Missed []string `json:"missed"`
	// Recommendation is advice shown beside the schedule (vendors: the 5th or 6th).
	Recommendation string `json:"recommendation"`
}

// ScheduleList is every schedule: the streams' first, then one row per integration.
type ScheduleList struct {
	Rows []ScheduleRow `json:"rows"`
	// TimeZone is the zone the labels are in (the user's).
	TimeZone string `json:"time_zone"`
}
