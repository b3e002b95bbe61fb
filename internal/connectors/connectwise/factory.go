package connectwise

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// Setting and secret keys (stored per integration; secrets only in the keychain).
const (
	SettingCompany   = "company"
	SettingClientID  = "client_id"
	SecretPublicKey  = "public_key"
	SecretPrivateKey = "private_key"

	// DefaultConcurrency is how many requests run at once unless the integration says
	// otherwise. ConnectWise publishes no hard limit; 8 keeps a 3,000-agreement tenant
	// (one additions call per agreement) within minutes without hammering the site.
	DefaultConcurrency = 8
)

// Factory registers ConnectWise Manage.
func Factory() connector.Factory {
	return connector.Factory{
		Kind:           connector.KindConnectWise,
		Label:          "ConnectWise Manage",
		Role:           connector.RolePSA,
		DefaultBaseURL: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0",
		BaseURLHelp: "The REST API root, up to and including /apis/3.0. Cloud sites use " +
			"https://api-na.myconnectwise.net/v4_6_release/apis/3.0 (North America), api-eu.myconnectwise.net " +
			"(Europe) or api-au.myconnectwise.net (Australia) with the same path; on-premise servers use " +
			"https://YOUR-SERVER/v4_6_release/apis/3.0.",
		CheckBaseURLPath: CheckBaseURLPath,
		Settings: []connector.Field{
			{Key: SettingCompany, Label: "Company ID", Required: true, Placeholder: "yourcompany",
				Help: "The company ID you type on the ConnectWise login screen."},
			{Key: SettingClientID, Label: "Client ID", Required: true, Placeholder: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
				Help: "The ClientID of your integration, created at https://developer.connectwise.com/ClientID (sent with every request)."},
		},
		Secrets: []connector.Field{
			{Key: SecretPublicKey, Label: "Public key", Required: true,
				Help: "Public key of the API member (System > Members > API Members > API Keys)."},
			{Key: SecretPrivateKey, Label: "Private key", Required: true,
				Help: "Private key of the same API key pair (shown only once, when the keys are created)."},
		},
		Capabilities: connector.Capabilities{
			ChangeFilter:       true,
			Entities:           []connector.Entity{connector.EntityAccounts, connector.EntityAgreements, connector.EntityServiceLines, connector.EntityProducts},
			DefaultConcurrency: DefaultConcurrency,
			Push:               true,
		},
		New: func(cfg connector.Config) (connector.Connector, error) { return New(cfg) },
	}
}

// apiRoot is how every ConnectWise Manage REST base URL ends.
const apiRoot = "/apis/3.0"

// CheckBaseURLPath refuses a base URL that is not the REST API root: a site address
// without the path, or with a resource path after it, would 404 on every request.
func CheckBaseURLPath(path string) error {
	if strings.HasSuffix(strings.TrimRight(path, "/"), apiRoot) {
		return nil
	}
	return errors.New("the ConnectWise base URL must end in " + apiRoot +
		", e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 (on-premise: https://YOUR-SERVER/v4_6_release/apis/3.0)")
}

// Connector is one configured ConnectWise Manage integration.
type Connector struct {
	name        string
	base        string
	auth        string // Authorization header value: never logged or put in errors
	clientID    string
	hc          *http.Client
	concurrency int
	limiter     *httpx.Limiter // the integration's shared budget; nil: one per client
	requests    atomic.Int64
	now         func() time.Time
	redact      *redact.Redactor // the run's: keys, their "company+public:private" and Basic forms

	// sleep replaces the retry wait in tests (nil: real waits).
	sleep func(ctx context.Context, d time.Duration) error
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.RequestCounter = (*Connector)(nil)
)

// New validates cfg and builds a connector.
func New(cfg connector.Config) (*Connector, error) {
	base, err := httpx.CheckBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, &connector.ConfigError{Field: "base_url", Msg: err.Error()}
	}
	if u, _ := url.Parse(base); u == nil || strings.Trim(u.Path, "/") == "" {
		return nil, &connector.ConfigError{Field: "base_url",
			Msg: "the base URL needs the API path: add /v4_6_release/apis/3.0, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0"}
	}
	setting := func(k string) string { return strings.TrimSpace(cfg.Settings[k]) }
	secret := func(k string) string { return strings.TrimSpace(cfg.Secrets[k]) }
	company, clientID := setting(SettingCompany), setting(SettingClientID)
	public, private := secret(SecretPublicKey), secret(SecretPrivateKey)
	switch {
	case company == "":
		return nil, &connector.ConfigError{Field: SettingCompany, Msg: "enter the company ID you type on the ConnectWise login screen"}
	case strings.ContainsAny(company, "+:"):
		return nil, &connector.ConfigError{Field: SettingCompany, Msg: "enter only the company ID (no '+' or ':'): the public key goes in its own field"}
	case clientID == "":
		return nil, &connector.ConfigError{Field: SettingClientID, Msg: "enter the ClientID of your integration from https://developer.connectwise.com/ClientID"}
	case public == "":
		return nil, &connector.ConfigError{Field: SecretPublicKey, Msg: "enter the public key of the API member (System > Members > API Members > API Keys)"}
	case private == "":
		return nil, &connector.ConfigError{Field: SecretPrivateKey, Msg: "enter the private key of the API member's key pair; if it is lost, create a new key pair in ConnectWise"}
	}
	conc := cfg.Concurrency
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	red := cfg.Redact
	if red == nil {
		red = redact.New()
	}
	// The keys travel as base64("company+public:private") in every request, and servers
	// echo that header: the redactor must know the joined form (it derives the base64)
	// and the header value, not only the two keys.
	auth := basicAuth(company, public, private)
	red.Add(public, private, company+"+"+public+":"+private, auth, strings.TrimPrefix(auth, "Basic "))
	c := &Connector{
		name:        cfg.Name,
		base:        base,
		auth:        auth,
		clientID:    clientID,
		concurrency: conc,
		limiter:     cfg.Limiter,
		now:         time.Now,
		redact:      red,
	}
	c.hc = countingClient(cfg.HTTPClient, &c.requests)
	return c, nil
}

// Requests counts every HTTP request this connector sent, retries included.
func (c *Connector) Requests() int64 { return c.requests.Load() }

func (c *Connector) newClient(onRetry func(httpx.RetryNotice)) *client {
	h := httpx.New(c.hc, httpx.Options{Concurrency: c.concurrency, Limiter: c.limiter, OnRetry: onRetry})
	if c.sleep != nil {
		h.SetSleep(c.sleep)
	}
	return &client{base: c.base, auth: c.auth, clientID: c.clientID, http: h, redact: c.redact}
}

// Test checks the site, the credentials and the security role: /system/info, then one id
// of companies and of agreements.
func (c *Connector) Test(ctx context.Context) error {
	cl := c.newClient(nil)
	// /system/info is the cheapest authenticated call; where it is missing (404), the two
	// list probes below still prove the address, the keys and the permissions.
	var nf *connector.NotFoundError
	if _, _, err := cl.get(ctx, "/system/info", "/system/info", ""); err != nil && !errors.As(err, &nf) {
		return err
	}
	probe := url.Values{"pageSize": {"1"}, "fields": {"id"}}.Encode()
	for _, ep := range []string{"/company/companies", "/finance/agreements"} {
		if _, _, err := cl.get(ctx, ep, ep, probe); err != nil {
			return err
		}
	}
	return nil
}
