//go:build !unix

package workspace_test

import "time"

// processCPU is not measured off Unix: benchmarks then report wall time only.
func processCPU() (time.Duration, bool) { return 0, false }
