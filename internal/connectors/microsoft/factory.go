package microsoft

import (
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
	"github.com/trueup/trueup/internal/redact"
)

// Secret field keys: the Entra app of the Secure Application Model and its refresh token.
const (
	SecretAppID        = "app_id"
	SecretAppSecret    = "app_secret"
	SecretRefreshToken = "refresh_token"
)

// Setting keys.
const (
	SettingTenantID = "tenant_id"
	SettingTokenURL = "token_url"
)

const defaultConcurrency = 4

// RefreshTokenLifetime is how long Entra keeps a Partner Center refresh token that is not
// redeemed: every redemption issues a new one, valid this long from then.
const RefreshTokenLifetime = 90 * 24 * time.Hour

// Factory registers the Microsoft Partner Center kind.
func Factory() connector.Factory {
	return connector.Factory{
		Kind:           connector.KindMicrosoft,
		Label:          "Microsoft Partner Center",
		Role:           connector.RoleVendor,
		DefaultBaseURL: DefaultBaseURL,
		BaseURLHelp:    "The Partner Center REST API address. Keep " + DefaultBaseURL + ".",
		Settings: []connector.Field{
			{
				Key: SettingTenantID, Label: "Partner tenant ID", Required: true, Placeholder: "00000000-0000-0000-0000-000000000000",
				Help: "Your own (the partner's) Microsoft Entra tenant ID: Entra admin center > Overview > Tenant ID.",
			},
			{
				Key: SettingTokenURL, Label: "Token URL",
				Help: "Leave empty: TrueUp uses https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token.",
			},
		},
		Secrets: []connector.Field{
			{
				Key: SecretAppID, Label: "Application (client) ID", Required: true,
				Help: "Entra admin center > App registrations > the Partner Center app of the Secure Application Model > Application (client) ID.",
			},
			{
				Key: SecretAppSecret, Label: "Client secret", Required: true,
				Help: "The same app > Certificates & secrets: the value of a client secret (shown only when it is created).",
			},
			{
				Key: SecretRefreshToken, Label: "Refresh token", Required: true,
				Help:          "The refresh token of the Secure Application Model consent (an admin agent with MFA). TrueUp replaces it with every new one Microsoft issues; it expires after 90 days unused.",
				ExpiresUnused: RefreshTokenLifetime,
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

// New builds a Partner Center connector from cfg. An empty base URL means DefaultBaseURL.
// Problems come back as *connector.ConfigError naming the field to fix.
func New(cfg connector.Config) (*Connector, error) {
	raw := cfg.BaseURL
	if strings.TrimSpace(raw) == "" {
		raw = DefaultBaseURL
	}
	base, err := httpx.CheckBaseURL(raw)
	if err != nil {
		return nil, &connector.ConfigError{Field: "base_url", Msg: err.Error()}
	}
	tenant := strings.TrimSpace(cfg.Settings[SettingTenantID])
	if tenant == "" {
		return nil, &connector.ConfigError{Field: SettingTenantID, Msg: "the partner tenant ID is missing: set it with --set tenant_id=... (Entra admin center > Overview > Tenant ID)"}
	}
	tokenURL := strings.TrimSpace(cfg.Settings[SettingTokenURL])
	if tokenURL == "" {
		tokenURL = "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"
	}
	if tokenURL, err = httpx.CheckBaseURL(tokenURL); err != nil {
		return nil, &connector.ConfigError{Field: SettingTokenURL, Msg: "the token URL: " + err.Error()}
	}
	sec := map[string]string{}
	for _, k := range []string{SecretAppID, SecretAppSecret, SecretRefreshToken} {
		if sec[k] = strings.TrimSpace(cfg.Secrets[k]); sec[k] == "" {
			return nil, &connector.ConfigError{Field: k, Msg: "the " + k + " secret is missing: set the app ID, client secret and refresh token with `trueup credentials set`"}
		}
	}
	red := cfg.Redact
	if red == nil {
		red = redact.New()
	}
	red.Add(sec[SecretAppID], sec[SecretAppSecret], sec[SecretRefreshToken])
	conc := cfg.Concurrency
	if conc <= 0 {
		conc = defaultConcurrency
	}
	c := &Connector{
		base: base, tokenURL: tokenURL, appID: sec[SecretAppID], appSecret: sec[SecretAppSecret],
		refresh:     sec[SecretRefreshToken],
		saveSecret:  cfg.SaveSecret,
		hc:          cfg.HTTPClient,
		concurrency: conc,
		limiter:     cfg.Limiter,
		budget:      newMinuteBudget(requestsPerMinute, time.Now),
		now:         time.Now,
		redactor:    red,
	}
	// The cache reads c.now at each call: tests replace it.
	c.tokens = oauthtoken.New("a Partner Center access token", func() time.Time { return c.now() })
	return c, nil
}
