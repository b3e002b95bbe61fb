package pax8

import (
	"errors"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
	"github.com/trueup/trueup/internal/redact"
)

// Secret field keys.
const (
	SecretClientID     = "client_id"
	SecretClientSecret = "client_secret"
)

const defaultConcurrency = 4

// Factory registers the Pax8 kind.
func Factory() connector.Factory {
	return connector.Factory{
		Kind:             connector.KindPax8,
		Label:            "Pax8",
		Role:             connector.RoleVendor,
		DefaultBaseURL:   DefaultBaseURL,
		BaseURLHelp:      "The Pax8 Partner API address. Keep " + DefaultBaseURL + " unless Pax8 gives you another one.",
		CheckBaseURLPath: CheckBaseURLPath,
		Secrets: []connector.Field{
			{
				Key: SecretClientID, Label: "Client ID", Required: true,
				Help: "In Pax8 > Settings > Integrations > Credentials: the Client ID of the API credentials TrueUp should use.",
			},
			{
				Key: SecretClientSecret, Label: "Client secret", Required: true,
				Help: "In Pax8 > Settings > Integrations > Credentials: the Client Secret, shown when the credentials are created or reset.",
			},
		},
		Capabilities: connector.Capabilities{
			ChangeFilter:       false,
			Entities:           []connector.Entity{connector.EntityAccounts, connector.EntitySubscriptions, connector.EntityProducts},
			DefaultConcurrency: defaultConcurrency,
		},
		New: func(cfg connector.Config) (connector.Connector, error) { return New(cfg) },
	}
}

// CheckBaseURLPath refuses a base URL that is not the API root: every Pax8 Partner API
// path the connector calls (/companies, /subscriptions...) sits under /v1.
func CheckBaseURLPath(path string) error {
	if strings.HasSuffix(strings.TrimRight(path, "/"), "/v1") {
		return nil
	}
	return errors.New("the Pax8 base URL must end in /v1, e.g. " + DefaultBaseURL)
}

// New builds a Pax8 connector from cfg. An empty base URL means DefaultBaseURL. Problems
// come back as *connector.ConfigError naming the field to fix.
func New(cfg connector.Config) (*Connector, error) {
	raw := cfg.BaseURL
	if strings.TrimSpace(raw) == "" {
		raw = DefaultBaseURL
	}
	base, err := httpx.CheckBaseURL(raw)
	if err != nil {
		return nil, &connector.ConfigError{Field: "base_url", Msg: err.Error()}
	}
	id := strings.TrimSpace(cfg.Secrets[SecretClientID])
	if id == "" {
		return nil, &connector.ConfigError{Field: SecretClientID, Msg: "the Pax8 client ID is missing: copy it from Pax8 > Settings > Integrations > Credentials"}
	}
	secret := strings.TrimSpace(cfg.Secrets[SecretClientSecret])
	if secret == "" {
		return nil, &connector.ConfigError{Field: SecretClientSecret, Msg: "the Pax8 client secret is missing: copy it from Pax8 > Settings > Integrations > Credentials (reset the credentials there if it is no longer shown)"}
	}
	red := cfg.Redact
	if red == nil {
		red = redact.New()
	}
	red.Add(id, secret)
	conc := cfg.Concurrency
	if conc <= 0 {
		conc = defaultConcurrency
	}
	c := &Connector{
		base:        base,
		clientID:    id,
		secret:      secret,
		hc:          cfg.HTTPClient,
		concurrency: conc,
		limiter:     cfg.Limiter,
		now:         time.Now,
		redactor:    red,
	}
	// The cache reads c.now at each call: tests replace it.
	c.tokens = oauthtoken.New("a Pax8 access token", func() time.Time { return c.now() })
	return c, nil
}
