package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalName(t *testing.T) {
	tests := []struct {
		a, b  string
		equal bool
	}{
		{"Acme Dental Group LLC", "acme dental", true},
		{"ACME DENTAL, L.L.C.", "Acme Dental", true},
		{"Smith & Sons Plumbing", "Smith and Sons Plumbing", true},
		{"Smith & Co", "Smith", true},
		{"Koala Tech Pty Ltd", "Koala Tech", true},
		{"Müller GmbH", "Muller", true},
		{"O'Brien Law, PLLC", "OBrien Law", true},
		{"The Riverside Clinic Inc.", "Riverside Clinic", true},
		{"  Northwind   Traders  Corp ", "Northwind Traders", true},
		{"The Group", "Group LLC", true},
		{"Eastgate Property Mgmt", "Eastgate Property Management", false},
		{"Acme Dental", "Acme Medical", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" = "+tt.b, func(t *testing.T) {
			if tt.equal {
				assert.Equal(t, NormalName(tt.b), NormalName(tt.a))
			} else {
				assert.NotEqual(t, NormalName(tt.b), NormalName(tt.a))
			}
		})
	}
	assert.Equal(t, "inc", NormalName("Inc."), "a name is never stripped to nothing")
	assert.Equal(t, "the", NormalName("The"))
	assert.Equal(t, "", NormalName(" - "))
}

func TestExpandedName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Eastgate Property Mgmt", "eastgate property management"},
		{"Summit IT Svcs LLC", "summit it services"},
		{"Pacific Intl Assoc.", "pacific international associates"},
		{"St. Mary's Med Ctr", "saint marys medical center"},
		{"M365 Business Premium", "microsoft 365 business premium"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { assert.Equal(t, tt.want, ExpandedName(tt.in)) })
	}
}
