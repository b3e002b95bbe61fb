package connectwise

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConditions(t *testing.T) {
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	ag := &Agreement{
		ID: 42, Name: "Managed Services", Company: Ref{ID: 7, Name: "Acme Dental"},
		AgreementStatus: "Active", StartDate: "2024-01-01T00:00:00Z", Info: Info{LastUpdated: at},
	}
	get := agreementGetter(ag)
	tests := []struct {
		cond string
		want bool
	}{
		{`id = 42`, true},
		{`id == 42`, true},
		{`id != 42`, false},
		{`id < 43 and id > 41`, true},
		{`id <= 42 AND id >= 42`, true},
		{`lastUpdated > [2025-01-01T00:00:00Z]`, true},
		{`lastUpdated > [2025-06-01T12:00:00Z]`, false},
		{`lastUpdated >= [2025-06-01T12:00:00Z]`, true},
		{`_info/lastUpdated < [2025-06-01]`, false},
		{`company/id = 7`, true},
		{`company/id in (1, 7, 9)`, true},
		{`company/id not in (1, 9)`, true},
		{`agreementStatus = "active"`, true}, // case-insensitive, like SQL Server
		{`agreementStatus = 'Active'`, true},
		{`agreementStatus != "Cancelled"`, true},
		{`name like "Managed%"`, true},
		{`name like "*Services"`, true},
		{`name like "Managed"`, false},
		{`name not like "Backup%"`, true},
		{`name contains "ged Ser"`, true},
		{`name not contains "backup"`, true},
		{`cancelledFlag = false`, true},
		{`cancelledFlag = true or id = 42`, true},
		{`cancelledFlag = true or (id = 1 and name = "x")`, false},
		{`not (id = 42)`, false},
		{`endDate = null`, true},
		{`startDate != null and startDate < [2024-06-01T00:00:00Z]`, true},
		{`endDate > [2020-01-01T00:00:00Z]`, false}, // comparisons with null are not true
		{`company/name = "Acme \"Dental\""`, false},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			n, err := parseConditions(tc.cond, agreementSchema)
			require.NoError(t, err)
			assert.Equal(t, tc.want, n.eval(get))
		})
	}
}

func TestParseConditionsRejects(t *testing.T) {
	tests := []struct {
		cond, wantMsg string
	}{
		{`colour = "red"`, `unknown field "colour"`},
		{`id = "42"`, "number field"},
		{`name > 5`, "string field"},
		{`lastUpdated > "2025-01-01"`, "datetime field"},
		{`lastUpdated > [yesterday]`, "not a datetime"},
		{`name like 5`, "like can only be used"},
		{`cancelledFlag > true`, "boolean"},
		{`id =`, "missing value"},
		{`id`, "missing operator"},
		{`id = 1 and`, "end too early"},
		{`(id = 1`, "missing ')'"},
		{`id = 1)`, "unexpected"},
		{`name = "open`, "unterminated string"},
		{`lastUpdated > [2025-01-01`, "unterminated"},
		{`id in 1`, "list in parentheses"},
		{`id ! 1`, "unexpected '!'"},
		{`name = Acme`, "quote strings"},
		{`id = 1 # 2`, "unexpected character"},
		{`id > null`, "null can only"},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			_, err := parseConditions(tc.cond, agreementSchema)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantMsg)
		})
	}
}

func TestLikeMatch(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"acme dental", "acme%", true},
		{"acme dental", "%dental", true},
		{"acme dental", "%me de%", true},
		{"acme dental", "a%d%l", true},
		{"acme dental", "a%x%l", false},
		{"acme", "acme", true},
		{"acme", "%", true},
		{"ab", "a%b%", true},
		{"aba", "%a%a", true},
		{"a", "a%a", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, likeMatch(tc.s, tc.p), "%q like %q", tc.s, tc.p)
	}
}

func FuzzParseConditions(f *testing.F) {
	for _, s := range []string{
		`lastUpdated > [2025-01-01T00:00:00Z]`,
		`company/id in (1,2,3) and agreementStatus = "Active"`,
		`name like "a%" or not (id != 3)`,
		`((((id = 1))))`, `"`, `[`, `id = -`, `not not not id = 1`,
	} {
		f.Add(s)
	}
	get := agreementGetter(&Agreement{ID: 1, Name: "x"})
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseConditions(s, agreementSchema)
		if err != nil {
			return
		}
		_ = n.eval(get)
	})
}
