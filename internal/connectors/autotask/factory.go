package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// Setting and secret keys (stored per integration; secrets only in the keychain).
const (
	SettingUserName = "username"
	// SettingSerialPercent and SettingPausePercent move the request budget's thresholds
	// (percent of the database's hourly request limit).
	SettingSerialPercent = "threshold_serial_percent"
	SettingPausePercent  = "threshold_pause_percent"

	SecretIntegrationCode = "integration_code"
	SecretSecret          = "secret"

	// MaxConcurrency is Autotask's thread limit: three requests in flight per endpoint for
	// an integration (ThreadLimiting.htm). TrueUp stays under it over all endpoints.
	MaxConcurrency = 3
	// DefaultConcurrency is MaxConcurrency: a Full Sync of a large database is paged, so
	// fewer threads only make it slower.
	DefaultConcurrency = MaxConcurrency

	// DefaultBaseURL is the zone-lookup root every Autotask database is found from.
	DefaultBaseURL = "https://webservices.autotask.net/atservicesrest"
)

// Factory registers Autotask PSA.
func Factory() connector.Factory {
	return connector.Factory{
		Kind:           connector.KindAutotask,
		Label:          "Autotask PSA",
		Role:           connector.RolePSA,
		DefaultBaseURL: DefaultBaseURL,
		BaseURLHelp: "The zone-lookup root, " + DefaultBaseURL + " for every Autotask database: TrueUp asks it " +
			"for your database's zone (e.g. webservices5.autotask.net) and sends everything else there.",
		CheckBaseURLPath: CheckBaseURLPath,
		Settings: []connector.Field{
			{Key: SettingUserName, Label: "API user name", Required: true, Placeholder: "trueup-api@yourcompany.com",
				Help: "The user name of the API user (Admin > Resources/Users > API User, API Tracking Identifier: TrueUp's integration code)."},
			{Key: SettingSerialPercent, Label: "One request at a time from (% of hourly limit)", Placeholder: strconv.Itoa(DefaultSerialPercent),
				Help: "When the Autotask database has used this share of its 10,000 requests an hour (every integration counts), TrueUp sends one request at a time."},
			{Key: SettingPausePercent, Label: "Pause from (% of hourly limit)", Placeholder: strconv.Itoa(DefaultPausePercent),
				Help: "From this share TrueUp pauses and re-checks every minute until usage is back under the first threshold."},
		},
		Secrets: []connector.Field{
			{Key: SecretIntegrationCode, Label: "Integration code", Required: true,
				Help: "The API Tracking Identifier of the integration (sent as the ApiIntegrationCode header)."},
			{Key: SecretSecret, Label: "Secret", Required: true,
				Help: "The API user's secret (Admin > Resources/Users > API User > Credentials). If it is lost, reset it there: do not delete and recreate the API user."},
		},
		Capabilities: connector.Capabilities{
			ChangeFilter:       true,
			MaxConcurrency:     MaxConcurrency,
			Entities:           []connector.Entity{connector.EntityAccounts, connector.EntityAgreements, connector.EntityServiceLines, connector.EntityProducts},
			DefaultConcurrency: DefaultConcurrency,
			Push:               true,
		},
		New: func(cfg connector.Config) (connector.Connector, error) { return New(cfg) },
	}
}

// CheckBaseURLPath refuses a zone url or an entity path where the zone-lookup root
// belongs: a base URL must end in /atservicesrest (without /v1.0).
func CheckBaseURLPath(path string) error {
	p := strings.ToLower(strings.TrimRight(path, "/"))
	if strings.HasSuffix(p, "/atservicesrest") {
		return nil
	}
	return errors.New("the Autotask base URL must be the zone-lookup root ending in /atservicesrest, e.g. " + DefaultBaseURL +
		" (without /v1.0: TrueUp finds the zone itself)")
}

// Connector is one configured Autotask integration.
type Connector struct {
	name          string
	root          string
	user          string
	code, secret  string // never logged
	hc            *http.Client
	concurrency   int
	limiter       *httpx.Limiter // the integration's shared budget; nil: one per client
	serial, pause float64
	requests      atomic.Int64
	redact        *redact.Redactor
	sess          *session
	gate          *gate // the 401 stop, shared through the limiter

	// now is the clock of the request budget and of "today"; sleep replaces the waits
	// (retries and budget pauses) in tests. nil sleep: real waits.
	now   func() time.Time
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
	if err := CheckBaseURLPath(pathOf(base)); err != nil {
		return nil, &connector.ConfigError{Field: "base_url", Msg: err.Error()}
	}
	user := strings.TrimSpace(cfg.Settings[SettingUserName])
	code := strings.TrimSpace(cfg.Secrets[SecretIntegrationCode])
	secret := cfg.Secrets[SecretSecret] // secrets may begin or end with spaces
	switch {
	case user == "":
		return nil, &connector.ConfigError{Field: SettingUserName, Msg: "enter the user name of the Autotask API user (Admin > Resources/Users > API User)"}
	case code == "":
		return nil, &connector.ConfigError{Field: SecretIntegrationCode, Msg: "enter the integration code: the API Tracking Identifier chosen for the API user"}
	case secret == "":
		return nil, &connector.ConfigError{Field: SecretSecret, Msg: "enter the API user's secret; if it is lost, reset it in Autotask (do not delete and recreate the API user)"}
	}
	serial, pause, err := thresholds(cfg.Settings)
	if err != nil {
		return nil, err
	}
	conc := cfg.Concurrency
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	if conc > MaxConcurrency || (cfg.Limiter != nil && cfg.Limiter.Concurrency() > MaxConcurrency) {
		return nil, &connector.ConfigError{Field: "concurrency", Msg: fmt.Sprintf("Autotask allows at most %d requests in flight per integration: set the requests in flight to %d or fewer (0 uses %d)", MaxConcurrency, MaxConcurrency, DefaultConcurrency)}
	}
	red := cfg.Redact
	if red == nil {
		red = redact.New()
	}
	red.Add(code, secret)
	c := &Connector{
		name: cfg.Name, root: strings.TrimRight(base, "/"), user: user, code: code, secret: secret,
		concurrency: conc, limiter: cfg.Limiter, serial: serial, pause: pause, redact: red,
		sess: &session{}, now: time.Now,
	}
	c.gate = &gate{lim: cfg.Limiter, key: credentialsKey(c.root, user, code, secret), s: c.sess, redact: red}
	c.hc = countingClient(cfg.HTTPClient, &c.requests, c.gate)
	return c, nil
}

func pathOf(base string) string {
	rest := base
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return ""
}

// thresholds reads and checks the budget settings.
func thresholds(settings map[string]string) (serial, pause float64, err error) {
	read := func(key string, def float64) (float64, error) {
		v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(settings[key]), "%"))
		if v == "" {
			return def, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 100 {
			return 0, &connector.ConfigError{Field: key, Msg: fmt.Sprintf("enter a percentage between 1 and 100 (got %q)", settings[key])}
		}
		return f, nil
	}
	if serial, err = read(SettingSerialPercent, DefaultSerialPercent); err != nil {
		return 0, 0, err
	}
	if pause, err = read(SettingPausePercent, DefaultPausePercent); err != nil {
		return 0, 0, err
	}
	if pause <= serial {
		return 0, 0, &connector.ConfigError{Field: SettingPausePercent,
			Msg: fmt.Sprintf("the pause threshold (%.0f%%) must be above the one-at-a-time threshold (%.0f%%): TrueUp pauses at the first and resumes under the second", pause, serial)}
	}
	return serial, pause, nil
}

// Requests counts every HTTP request this connector sent, retries included.
func (c *Connector) Requests() int64 { return c.requests.Load() }

func (c *Connector) httpClient(onRetry func(httpx.RetryNotice)) *httpx.Client {
	h := httpx.New(c.hc, httpx.Options{Concurrency: c.concurrency, Limiter: c.limiter, OnRetry: onRetry, Final: validation})
	if c.sleep != nil {
		h.SetSleep(c.sleep)
	}
	return h
}

// newClient builds a client; with a budget when b is not nil.
func (c *Connector) newClient(h *httpx.Client, b *budget) *client {
	return &client{root: c.root, user: c.user, code: c.code, secret: c.secret, http: h, redact: c.redact, s: c.sess, gate: c.gate, budget: b}
}

// threshold is the ThresholdInformation answer.
type threshold struct {
	ExternalRequestThreshold     flexInt `json:"externalRequestThreshold"`
	RequestThresholdTimeframe    flexInt `json:"requestThresholdTimeframe"`
	CurrentTimeframeRequestCount flexInt `json:"currentTimeframeRequestCount"`
}

const epThreshold = "ThresholdInformation"

// readUsage reads ThresholdInformation through cl (which has no budget of its own).
func readUsage(ctx context.Context, cl *client) (usage, error) {
	body, err := cl.call(ctx, epThreshold, http.MethodGet, "V1.0/ThresholdInformation", "", nil)
	if err != nil {
		return usage{}, err
	}
	var t threshold
	if err := json.Unmarshal(body, &t); err != nil {
		return usage{}, fmt.Errorf("GET %s: the answer is not Autotask's threshold information: %w", epThreshold, err)
	}
	if t.ExternalRequestThreshold <= 0 {
		return usage{}, fmt.Errorf("GET %s: the answer has no externalRequestThreshold", epThreshold)
	}
	return usage{threshold: int(t.ExternalRequestThreshold), used: int(t.CurrentTimeframeRequestCount)}, nil
}

// Test checks the zone lookup, the credentials and the API user's access: the zone, then
// ThresholdInformation (the cheapest authenticated call), then one id of Companies.
func (c *Connector) Test(ctx context.Context) error {
	cl := c.newClient(c.httpClient(nil), nil)
	if _, err := readUsage(ctx, cl); err != nil {
		return err
	}
	_, err := cl.call(ctx, "Companies/query", http.MethodPost, "V1.0/Companies/query", "",
		[]byte(`{"filter":[{"op":"gte","field":"id","value":0}],"IncludeFields":["id"],"MaxRecords":1}`))
	return err
}
