package workspace

import (
	"net/url"

	"github.com/trueup/trueup/internal/connector"
)

// checkBaseURLPath applies the kind's own path-shape rule (ConnectWise: .../apis/3.0, Pax8:
// .../v1) to a base URL that passed httpx.CheckBaseURL, so a wrong address is refused when
// it is entered instead of failing every request of the first sync.
func checkBaseURLPath(f connector.Factory, base string) error {
	if f.CheckBaseURLPath == nil {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return inputErr("base_url", "the base URL is not a valid address: "+err.Error())
	}
	if err := f.CheckBaseURLPath(u.Path); err != nil {
		return inputErr("base_url", err.Error())
	}
	return nil
}
