package connector

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRequestSinceFor(t *testing.T) {
	nov := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	wm := map[Entity]time.Time{EntityAccounts: nov(2), EntityAgreements: nov(9)}
	for name, tc := range map[string]struct {
		req  Request
		e    Entity
		want time.Time
	}{
		"quick uses the entity's own watermark":    {Request{Mode: ModeQuick, Since: nov(2), Watermarks: wm}, EntityAgreements, nov(9)},
		"quick: an entity never read has none":     {Request{Mode: ModeQuick, Since: nov(2), Watermarks: wm}, EntityServiceLines, time.Time{}},
		"quick without watermarks uses Since":      {Request{Mode: ModeQuick, Since: nov(3)}, EntityAccounts, nov(3)},
		"since uses the chosen date for every one": {Request{Mode: ModeSince, Since: nov(5), Watermarks: wm}, EntityAgreements, nov(5)},
		"full reads everything":                    {Request{Mode: ModeFull, Since: nov(5), Watermarks: wm}, EntityAccounts, time.Time{}},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.req.SinceFor(tc.e))
		})
	}
}
