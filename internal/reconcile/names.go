package reconcile

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names of the same customer or product differ between a vendor portal and the PSA in
// predictable ways: case, punctuation, "&" for "and", a legal suffix one side leaves off
// ("Acme Dental Group LLC" / "Acme Dental"), and abbreviations ("Mgmt"). NormalName removes
// the first four; equal normal names are an exact match. Abbreviations are expanded only for
// fuzzy scoring (ExpandedName): "Svcs" may be "Services" or "Systems", so a name that is
// equal only after expanding them is a strong suggestion, not an exact one.

// legalSuffixes are dropped from the end of a normal name, longest first where one contains
// another ("pty ltd" before "ltd"). Each entry is already in normal form.
var legalSuffixes = [][]string{
	{"pty", "ltd"}, {"pty", "limited"}, {"l", "l", "c"}, {"p", "l", "l", "c"},
	{"llc"}, {"pllc"}, {"llp"}, {"lp"}, {"inc"}, {"incorporated"}, {"ltd"}, {"limited"},
	{"corp"}, {"corporation"}, {"co"}, {"company"}, {"group"}, {"gmbh"}, {"ag"}, {"sa"},
	{"sarl"}, {"bv"}, {"nv"}, {"plc"}, {"pc"}, {"pa"}, {"oy"}, {"ab"}, {"as"}, {"aps"},
	{"srl"}, {"spa"}, {"kg"}, {"ug"}, {"pty"},
}

// abbreviations maps a normal-form token to its expansion for fuzzy scoring.
var abbreviations = map[string]string{
	"mgmt": "management", "mgt": "management", "svcs": "services", "svc": "services",
	"srvs": "services", "intl": "international",
	"assoc": "associates", "assocs": "associates", "assn": "association",
	"dept": "department", "dev": "development", "eng": "engineering", "engr": "engineering",
	"mfg": "manufacturing", "med": "medical", "natl": "national", "prop": "property",
	"props": "properties", "sys": "systems", "tech": "technology", "techs": "technologies",
	"univ": "university", "hosp": "hospital", "ctr": "center", "centre": "center",
	"bros": "brothers", "st": "saint", "mt": "mount", "ins": "insurance", "fin": "financial",
	"acct": "accounting", "accts": "accounting", "constr": "construction", "dist": "distribution",
	"elec": "electric", "govt": "government", "hlth": "health", "lab": "laboratory",
	"labs": "laboratories", "m365": "microsoft 365", "o365": "office 365",
}

// tokens splits s into lower-case words of letters and digits, with diacritics removed
// ("Zürich" = "zurich") and "&" read as "and". Apostrophes join ("O'Brien" = "obrien").
func tokens(s string) []string {
	s = norm.NFKD.String(s)
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// combining marks and apostrophes vanish without splitting the word
		case r == '&' || r == '+':
			flush()
			out = append(out, "and")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// trimSuffixes drops legal suffixes from the end, repeatedly ("Acme Group Pty Ltd" -> "acme"),
// with an "and" they leave dangling ("Smith & Co" -> "smith"), but never the whole name
// ("The Group" stays "the group").
func trimSuffixes(t []string) []string {
	for {
		cut := false
		if len(t) > 1 && t[len(t)-1] == "and" {
			t, cut = t[:len(t)-1], true
		}
		for _, suf := range legalSuffixes {
			if len(t) > len(suf) && equalTail(t, suf) {
				t = t[:len(t)-len(suf)]
				cut = true
				break
			}
		}
		if !cut {
			return t
		}
	}
}

func equalTail(t, suf []string) bool {
	off := len(t) - len(suf)
	for i, s := range suf {
		if t[off+i] != s {
			return false
		}
	}
	return true
}

// leadingThe drops a leading "the", which vendor portals and PSAs use inconsistently.
func leadingThe(t []string) []string {
	if len(t) > 1 && t[0] == "the" {
		return t[1:]
	}
	return t
}

// NormalName is the form in which equal names are an exact match.
func NormalName(s string) string {
	return strings.Join(trimSuffixes(leadingThe(tokens(s))), " ")
}

// ExpandedName is NormalName with abbreviations expanded: the form fuzzy scores compare.
func ExpandedName(s string) string {
	t := trimSuffixes(leadingThe(tokens(s)))
	for i, w := range t {
		if e, ok := abbreviations[w]; ok {
			t[i] = e
		}
	}
	return strings.Join(t, " ")
}

// normalID is an identifier (SKU, external id, domain) compared case- and space-insensitively.
func normalID(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
