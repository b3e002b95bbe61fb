package halopsa

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
	"github.com/trueup/trueup/internal/redact"
)

// Setting and secret keys (stored per integration; secrets only in the keychain).
const (
	SettingTenant      = "tenant"
	SecretClientID     = "client_id"
	SecretClientSecret = "client_secret"

	// DefaultConcurrency is how many requests run at once unless the integration says
	// otherwise. Halo documents no limit; a sync makes a handful of paged list calls, so
	// 4 is plenty and gentle on a shared hosted instance.
	DefaultConcurrency = 4
)

// Factory registers HaloPSA.
func Factory() connector.Factory {
	return connector.Factory{
		Kind:  connector.KindHaloPSA,
		Label: "HaloPSA",
		Role:  connector.RolePSA,
		// No default: every Halo instance has its own address.
		BaseURLHelp: "The address of your Halo instance, without a path: e.g. https://yourcompany.halopsa.com " +
			"(the API at /api and the token endpoint at /auth/token are found from it). Halo lists both under " +
			"Configuration > Integrations > Halo API.",
		CheckBaseURLPath: CheckBaseURLPath,
		Settings: []connector.Field{
			{Key: SettingTenant, Label: "Tenant", Placeholder: "yourcompany",
				Help: "The tenant name of a hosted Halo instance (required there; Halo shows it in the token URL " +
					"under Configuration > Integrations > Halo API, e.g. .../auth/token?tenant=yourcompany). " +
					"Leave it empty only for a self-hosted instance without tenants."},
		},
		Secrets: []connector.Field{
			{Key: SecretClientID, Label: "Client ID", Required: true,
				Help: "In Halo > Configuration > Integrations > Halo API > View Applications: the Client ID of an " +
					"application using Client ID and Secret (Services) authentication, with permission to read " +
					"clients, contracts, recurring invoices and items (and, for pushes, to edit recurring invoices and items)."},
			{Key: SecretClientSecret, Label: "Client secret", Required: true,
				Help: "The same application's Client Secret (shown once when it is created; create a new one if it is lost)."},
		},
		Capabilities: connector.Capabilities{
			ChangeFilter:       false,
			Entities:           []connector.Entity{connector.EntityAccounts, connector.EntityAgreements, connector.EntityServiceLines, connector.EntityProducts},
			DefaultConcurrency: DefaultConcurrency,
			Push:               true, // write.go: recurring invoice lines and item costs
		},
		New: func(cfg connector.Config) (connector.Connector, error) { return New(cfg) },
	}
}

// CheckBaseURLPath refuses a base URL that is not the instance root: TrueUp adds /api and
// /auth/token itself, so a URL that already ends in one of them (copied from Halo's
// integration page) would double them.
func CheckBaseURLPath(path string) error {
	p := strings.ToLower(strings.TrimRight(path, "/"))
	for _, tail := range []string{"/api", "/auth", "/auth/token"} {
		if strings.HasSuffix(p, tail) {
			return errors.New("the HaloPSA base URL is the instance root, without " + tail +
				": e.g. https://yourcompany.halopsa.com (TrueUp adds /api and /auth/token itself)")
		}
	}
	return nil
}

// New builds a HaloPSA connector from cfg. Problems come back as *connector.ConfigError
// naming the field to fix.
func New(cfg connector.Config) (*Connector, error) {
	if strings.TrimSpace(cfg.BaseURL) == "" {
		return nil, &connector.ConfigError{Field: "base_url", Msg: "enter the address of your Halo instance, e.g. https://yourcompany.halopsa.com"}
	}
	base, err := httpx.CheckBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, &connector.ConfigError{Field: "base_url", Msg: err.Error()}
	}
	if u, _ := url.Parse(base); u != nil {
		if err := CheckBaseURLPath(u.Path); err != nil {
			return nil, &connector.ConfigError{Field: "base_url", Msg: err.Error()}
		}
	}
	tenant := strings.TrimSpace(cfg.Settings[SettingTenant])
	id := strings.TrimSpace(cfg.Secrets[SecretClientID])
	if id == "" {
		return nil, &connector.ConfigError{Field: SecretClientID, Msg: "the HaloPSA client ID is missing: copy it from Halo > Configuration > Integrations > Halo API > View Applications"}
	}
	secret := strings.TrimSpace(cfg.Secrets[SecretClientSecret])
	if secret == "" {
		return nil, &connector.ConfigError{Field: SecretClientSecret, Msg: "the HaloPSA client secret is missing: copy it from the API application in Halo > Configuration > Integrations > Halo API (create a new secret there if it is no longer shown)"}
	}
	red := cfg.Redact
	if red == nil {
		red = redact.New()
	}
	red.Add(id, secret, url.QueryEscape(id), url.QueryEscape(secret))
	conc := cfg.Concurrency
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	c := &Connector{
		base:        base,
		tenant:      tenant,
		clientID:    id,
		secret:      secret,
		hc:          cfg.HTTPClient,
		concurrency: conc,
		limiter:     cfg.Limiter,
		pageSize:    defaultPageSize,
		now:         time.Now,
		redactor:    red,
	}
	// The cache reads c.now at each call: tests replace it.
	c.tokens = oauthtoken.New("a HaloPSA access token", func() time.Time { return c.now() })
	return c, nil
}
