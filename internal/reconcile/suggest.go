package reconcile

import (
	"context"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"
)

// MappingKind says what a mapping maps: a vendor account to a PSA account, or a vendor
// product to a PSA product (catalog item).
type MappingKind string

const (
	KindAccount MappingKind = "account"
	KindProduct MappingKind = "product"
)

// VendorItem is one vendor account or product that needs a mapping.
type VendorItem struct {
	Integration string
	Kind        MappingKind
	ID          string
	Name        string
	// Identifiers are ids both sides may share: SKUs, manufacturer part numbers, external ids,
	// domains. An equal identifier is an exact match whatever the names say.
	Identifiers []string
}

// Candidate is one PSA account or catalog item a vendor item could map to.
type Candidate struct {
	ID          string
	Name        string
	Identifiers []string
}

// Match says how a suggestion was found.
type Match string

const (
	MatchExact Match = "exact"
	MatchFuzzy Match = "fuzzy"
)

// Suggestion is one PSA candidate for a vendor item, with why it was suggested.
type Suggestion struct {
	PSAID   string
	PSAName string
	Match   Match
	// Score is 1 for exact; for fuzzy, the similarity of the names as written (normalised,
	// 0..1, two decimals), the figure the user reads next to the two names.
	Score  float64
	Reason string
	// rank orders fuzzy suggestions: the similarity once abbreviations are expanded, so
	// "Eastgate Property Mgmt" ranks "Eastgate Property Management" first although the
	// names as written score 0.9.
	rank float64
}

// Suggestions are the candidates for one vendor item. Exact is set only when exactly one
// candidate matches exactly: when several do (two PSA companies with the same name), they
// are all in Alternatives and the user chooses, so "accept all exact matches" never guesses.
type Suggestions struct {
	Item         VendorItem
	Exact        *Suggestion
	Alternatives []Suggestion
}

// SuggestOptions tune the fuzzy part.
type SuggestOptions struct {
	// Threshold is the lowest fuzzy score suggested (default 0.85: below it Jaro-Winkler
	// pairs unrelated names that merely share a first word).
	Threshold float64
	// Max is how many fuzzy alternatives each item gets at most (default 3).
	Max int
}

func (o SuggestOptions) withDefaults() SuggestOptions {
	if o.Threshold <= 0 {
		o.Threshold = 0.85
	}
	if o.Max <= 0 {
		o.Max = 3
	}
	return o
}

// histogramSize buckets: a-z, 0-9, space, everything else.
const histogramSize = 38

type scoredName struct {
	normal   string
	expanded string
	runes    int
	hist     [histogramSize]uint16
	present  []uint8 // the buckets hist counts anything in
}

func newScoredName(name string) scoredName {
	s := scoredName{normal: NormalName(name), expanded: ExpandedName(name)}
	for _, r := range s.expanded {
		s.runes++
		switch {
		case r >= 'a' && r <= 'z':
			s.hist[r-'a']++
		case r >= '0' && r <= '9':
			s.hist[26+r-'0']++
		case r == ' ':
			s.hist[36]++
		default:
			s.hist[37]++
		}
	}
	for i, n := range s.hist {
		if n > 0 {
			s.present = append(s.present, uint8(i))
		}
	}
	return s
}

// jaroWinklerBound is an upper bound of the Jaro-Winkler similarity of a and b computed
// without the library's allocating comparison: Jaro matches at most the characters both
// names contain (their letter counts), and the Winkler bonus is 0.1 × the common prefix
// (at most 4) × (1 - Jaro). Skipping pairs whose bound is below the threshold drops only
// pairs the library would score below it, and makes 2,000 × 2,000 names cheap.
func jaroWinklerBound(a, b *scoredName, threshold float64) float64 {
	if a.runes == 0 || b.runes == 0 {
		return 0
	}
	// Cheapest first: with c <= the shorter length, the bound needs only the lengths.
	short, long := float64(min(a.runes, b.runes)), float64(max(a.runes, b.runes))
	if j := (1 + short/long + 1) / 3; j+0.4*(1-j) < threshold {
		return j + 0.4*(1-j)
	}
	common := 0
	for _, i := range a.present {
		common += int(min(a.hist[i], b.hist[i]))
	}
	c := float64(common)
	j := (c/float64(a.runes) + c/float64(b.runes) + 1) / 3
	return j + 0.1*float64(commonPrefix(a.expanded, b.expanded))*(1-j)
}

// commonPrefix is the length in runes of the common prefix of a and b, at most 4.
func commonPrefix(a, b string) int {
	n := 0
	for n < 4 {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if sa == 0 || sb == 0 || ra != rb {
			break
		}
		a, b = a[sa:], b[sb:]
		n++
	}
	return n
}

// Suggest finds mapping suggestions for every vendor item among the PSA candidates of the
// same kind. Suggestions are only ever shown: applying one is the user's decision.
// Output follows the order of items; alternatives are ordered by score, then PSA name, then
// PSA id, so the same input always gives the same list.
func Suggest(ctx context.Context, items []VendorItem, candidates []Candidate, opt SuggestOptions) ([]Suggestions, error) {
	opt = opt.withDefaults()
	names := make([]scoredName, len(candidates))
	byName := make(map[string][]int, len(candidates))
	byID := make(map[string][]int)
	for i, c := range candidates {
		names[i] = newScoredName(c.Name)
		if names[i].normal != "" {
			byName[names[i].normal] = append(byName[names[i].normal], i)
		}
		for _, id := range c.Identifiers {
			if k := normalID(id); k != "" {
				byID[k] = append(byID[k], i)
			}
		}
	}
	out := make([]Suggestions, 0, len(items))
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("mapping suggestions stopped: %w", err)
		}
		out = append(out, suggestOne(it, candidates, names, byName, byID, opt))
	}
	return out, nil
}

func suggestOne(it VendorItem, candidates []Candidate, names []scoredName, byName, byID map[string][]int, opt SuggestOptions) Suggestions {
	res := Suggestions{Item: it}
	exact := map[int]bool{}
	var exacts []Suggestion
	for _, id := range it.Identifiers {
		k := normalID(id)
		if k == "" {
			continue
		}
		for _, i := range byID[k] {
			if !exact[i] {
				exact[i] = true
				exacts = append(exacts, Suggestion{PSAID: candidates[i].ID, PSAName: candidates[i].Name, Match: MatchExact, Score: 1,
					Reason: fmt.Sprintf("same identifier %q", id)})
			}
		}
	}
	me := newScoredName(it.Name)
	if me.normal != "" {
		for _, i := range byName[me.normal] {
			if !exact[i] {
				exact[i] = true
				exacts = append(exacts, Suggestion{PSAID: candidates[i].ID, PSAName: candidates[i].Name, Match: MatchExact, Score: 1,
					Reason: fmt.Sprintf("%q = %q after normalising case, punctuation and company suffixes", it.Name, candidates[i].Name)})
			}
		}
	}
	switch {
	case len(exacts) == 1:
		res.Exact = &exacts[0]
	case len(exacts) > 1:
		sortSuggestions(exacts)
		for i := range exacts {
			exacts[i].Reason += fmt.Sprintf(" (%d PSA candidates match exactly: choose one)", len(exacts))
		}
		res.Alternatives = exacts
	}

	var fuzzy []Suggestion
	for i := range candidates {
		if exact[i] || jaroWinklerBound(&me, &names[i], opt.Threshold) < opt.Threshold-1e-6 {
			continue
		}
		rank := math.Round(float64(edlib.JaroWinklerSimilarity(me.expanded, names[i].expanded))*100) / 100
		if rank < opt.Threshold {
			continue
		}
		score := rank
		if me.normal != me.expanded || names[i].normal != names[i].expanded {
			score = math.Round(float64(edlib.JaroWinklerSimilarity(me.normal, names[i].normal))*100) / 100
		}
		reason := fmt.Sprintf("%s ~ %s, %.2f", it.Name, candidates[i].Name, score)
		if me.expanded == names[i].expanded {
			reason += ": the same name once abbreviations are expanded"
		}
		fuzzy = append(fuzzy, Suggestion{PSAID: candidates[i].ID, PSAName: candidates[i].Name, Match: MatchFuzzy, Score: score, Reason: reason, rank: rank})
		if len(fuzzy) > 4*opt.Max {
			// keep the working set small on very common names without losing the best
			sortSuggestions(fuzzy)
			fuzzy = fuzzy[:opt.Max]
		}
	}
	sortSuggestions(fuzzy)
	if len(fuzzy) > opt.Max {
		fuzzy = fuzzy[:opt.Max]
	}
	res.Alternatives = append(res.Alternatives, fuzzy...)
	return res
}

func sortSuggestions(s []Suggestion) {
	sort.SliceStable(s, func(a, b int) bool {
		if s[a].rank != s[b].rank {
			return s[a].rank > s[b].rank
		}
		if s[a].Score != s[b].Score {
			return s[a].Score > s[b].Score
		}
		if s[a].PSAName != s[b].PSAName {
			return s[a].PSAName < s[b].PSAName
		}
		return s[a].PSAID < s[b].PSAID
	})
}
