package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// Limits of an account note: a sentence or two and a few short tags, as a card shows them.
const (
	maxNoteRunes = 1000
	maxTagRunes  = 40
	maxTags      = 10
)

// SetAccountNote sets the note and tags of a PSA account (the PSA integration may be 0
// when there is one); an empty note without tags removes them. The account must be in the
// PSA's cache: a note on an id nobody can see would never show on a card.
func (m *Mappings) SetAccountNote(ctx context.Context, in AccountNoteInput) error {
	list, err := m.w.store.Integrations(ctx)
	if err != nil {
		return err
	}
	d := &mappingData{}
	for _, x := range list {
		if m.w.role(x) == connector.RolePSA {
			d.psas = append(d.psas, x)
		}
	}
	psa, err := d.targetPSA(in.PSAIntegrationID)
	if err != nil {
		return err
	}
	account := strings.TrimSpace(in.AccountID)
	if account == "" {
		return inputErr("account_id", "say which PSA account the note is for (its id)")
	}
	note := strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(note) > maxNoteRunes {
		return inputErr("note", fmt.Sprintf("the note is too long: use at most %d characters", maxNoteRunes))
	}
	if len(in.Tags) > maxTags {
		return inputErr("tags", fmt.Sprintf("an account has at most %d tags", maxTags))
	}
	for _, t := range in.Tags {
		t = strings.TrimSpace(t)
		switch {
		case utf8.RuneCountInString(t) > maxTagRunes:
			return inputErr("tags", fmt.Sprintf("tag %q is too long: use at most %d characters", t, maxTagRunes))
		case strings.ContainsAny(t, "\n\r\t,"):
			return inputErr("tags", fmt.Sprintf("tag %q: a tag is one short word or phrase, without commas or line breaks", t))
		}
	}
	if _, err := m.w.store.CachedRecord(ctx, psa.ID, connector.EntityAccounts, account); errors.Is(err, store.ErrNotFound) {
		return inputErr("account_id", fmt.Sprintf("%s has no account %q in its cached data: check the id, or sync %s first", psa.Name, account, psa.Name))
	} else if err != nil {
		return err
	}
	return m.w.store.SetAccountNote(ctx, store.AccountNote{PSAIntegrationID: psa.ID, AccountID: account, Note: note, Tags: in.Tags})
}
