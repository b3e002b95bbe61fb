package connector

import "strconv"

// Count says n of something in log lines, in the singular for one: Count(1, "company",
// "companies") is "1 company", Count(3, ...) "3 companies".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
