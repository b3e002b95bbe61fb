package demo

import (
	"net/http"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	mssim "github.com/trueup/trueup/internal/sim/microsoft"
	"github.com/trueup/trueup/internal/workspace"
)

// MicrosoftName names the demo's Microsoft Partner Center integration: the customers the
// demo MSP buys Microsoft licences for directly (mssim.DemoWorkspaceCustomers), beside the
// ones it buys through Pax8.
const MicrosoftName = "Microsoft"

// microsoftIntegration is the demo's Microsoft integration on the simulator at base (the
// token endpoint is the simulator's too).
func microsoftIntegration(base string) workspace.IntegrationInput {
	creds := mssim.DemoCredentials()
	return workspace.IntegrationInput{Kind: string(connector.KindMicrosoft), Name: MicrosoftName, BaseURL: base,
		Settings: map[string]string{"tenant_id": mssim.DemoTenantID, "token_url": base + "/" + mssim.DemoTenantID + "/oauth2/v2.0/token"},
		Secrets:  map[string]string{"app_id": creds.AppID, "app_secret": creds.AppSecret, "refresh_token": creds.RefreshToken}}
}

// delayed answers through h after the demo's latency.
func delayed(h http.Handler, latency time.Duration) http.Handler {
	if latency <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sim.Delay(r.Context(), latency) {
			h.ServeHTTP(w, r)
		}
	})
}

// MicrosoftMappings are the demo's mappings of the Microsoft integration onto the PSA whose
// ids psa gives: each Microsoft customer to its PSA company, each Microsoft licence of the
// demo (and the add-on) to its catalog item.
func MicrosoftMappings(psa psaIDs) []Mapping {
	var out []Mapping
	customers := sim.DemoCustomers()
	for _, i := range mssim.DemoWorkspaceCustomers() {
		name := mssim.DemoCompanyName(customers[i])
		out = append(out, Mapping{Kind: reconcile.KindAccount, VendorID: mssim.DemoCustomerID(name), VendorName: name,
			PSAID: psa.CompanyID(i), PSAName: customers[i].Name})
	}
	for _, p := range sim.DemoProducts() {
		if p.Vendor != "Microsoft" {
			continue
		}
		if id, ok := psa.CatalogID(p.PSAName); ok {
			out = append(out, Mapping{Kind: reconcile.KindProduct, VendorID: mssim.DemoOfferID(p.VendorName), VendorName: p.VendorName,
				PSAID: id, PSAName: p.PSAName})
		}
	}
	return out
}
