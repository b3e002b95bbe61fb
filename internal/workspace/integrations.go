package workspace

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
)

// maxConcurrency caps requests in flight per integration: more only provokes rate limits.
const maxConcurrency = 32

// Integrations lists the configured integrations.
func (i *Integrations) List(ctx context.Context) ([]Integration, error) {
	w := i.w
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Integration, 0, len(list))
	for _, in := range list {
		out = append(out, w.integrationDTO(in))
	}
	return out, nil
}

// Integration returns one integration by ID.
func (i *Integrations) Get(ctx context.Context, id int64) (Integration, error) {
	w := i.w
	in, err := w.lookup(ctx, id)
	if err != nil {
		return Integration{}, err
	}
	return w.integrationDTO(in), nil
}

// ByName finds an integration by its name (case-insensitive).
func (i *Integrations) ByName(ctx context.Context, name string) (Integration, error) {
	w := i.w
	in, err := w.store.IntegrationByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return Integration{}, inputErr("name", fmt.Sprintf("there is no integration named %q: `trueup integrations list` shows the names", name))
	}
	if err != nil {
		return Integration{}, err
	}
	return w.integrationDTO(in), nil
}

func (w *Workspace) lookup(ctx context.Context, id int64) (store.Integration, error) {
	in, err := w.store.Integration(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Integration{}, inputErr("id", fmt.Sprintf("integration %d does not exist (it may have been deleted): reload the list", id))
	}
	return in, err
}

func (w *Workspace) integrationDTO(in store.Integration) Integration {
	dto := Integration{ID: in.ID, Name: in.Name, Kind: in.Kind, BaseURL: in.BaseURL, Settings: in.Settings,
		Concurrency: in.Concurrency, CreatedAt: fmtTime(in.CreatedAt), UpdatedAt: fmtTime(in.UpdatedAt)}
	if f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind)); err == nil {
		dto.KindLabel, dto.Role = f.Label, string(f.Role)
		dto.SecretsSet = true
		for _, s := range f.Secrets {
			if s.Required && !slices.Contains(in.SecretFields, s.Key) {
				dto.SecretsSet = false
			}
		}
	}
	if dto.Settings == nil {
		dto.Settings = map[string]string{}
	}
	return dto
}

// validated is an IntegrationInput that passed validation.
type validated struct {
	factory  connector.Factory
	name     string
	baseURL  string
	settings map[string]string
	conc     int
	secrets  map[string]string
}

func (w *Workspace) validate(in IntegrationInput, kind string, requireSecrets bool) (validated, error) {
	var v validated
	f, err := w.opts.Registry.Lookup(connector.Kind(strings.TrimSpace(kind)))
	if err != nil {
		var kinds []string
		for _, k := range w.opts.Registry.Kinds() {
			kinds = append(kinds, string(k))
		}
		return v, inputErr("kind", fmt.Sprintf("unknown integration kind %q: choose one of %s", kind, strings.Join(kinds, ", ")))
	}
	v.factory = f
	v.name = strings.TrimSpace(in.Name)
	switch {
	case v.name == "":
		return v, inputErr("name", "give the integration a name, e.g. \"ConnectWise\"")
	case utf8.RuneCountInString(v.name) > 80:
		return v, inputErr("name", "the name is too long: use at most 80 characters")
	case strings.ContainsAny(v.name, "\n\r\t"):
		return v, inputErr("name", "the name must be on one line")
	}
	base := strings.TrimSpace(in.BaseURL)
	if base == "" {
		base = f.DefaultBaseURL
	}
	switch {
	case f.NoServer && base != "":
		return v, inputErr("base_url", fmt.Sprintf("%s reads files, not a server: leave out the base URL", f.Label))
	case f.NoServer:
	default:
		if v.baseURL, err = httpx.CheckBaseURL(base); err != nil {
			return v, inputErr("base_url", err.Error())
		}
		if err := checkBaseURLPath(f, v.baseURL); err != nil {
			return v, err
		}
	}
	v.settings = map[string]string{}
	for key, val := range in.Settings {
		if !hasField(f.Settings, key) {
			return v, inputErr(key, fmt.Sprintf("%s has no setting %q: it takes %s", f.Label, key, fieldKeys(f.Settings)))
		}
		if val = strings.TrimSpace(val); val != "" {
			v.settings[key] = val
		}
	}
	for _, s := range f.Settings {
		if s.Required && v.settings[s.Key] == "" {
			return v, inputErr(s.Key, fmt.Sprintf("%s needs the %s setting (%s)", f.Label, s.Label, s.Key))
		}
	}
	most := maxConcurrency
	if m := f.Capabilities.MaxConcurrency; m > 0 {
		most = min(most, m) // the API's own limit
	}
	if in.Concurrency < 0 || in.Concurrency > most {
		return v, inputErr("concurrency", fmt.Sprintf("requests in flight must be between 1 and %d for %s (0 uses the default of %d)", most, f.Label, f.Capabilities.DefaultConcurrency))
	}
	v.conc = in.Concurrency
	if v.secrets, err = checkSecrets(f, in.Secrets, requireSecrets); err != nil {
		return v, err
	}
	return v, nil
}

// checkSecrets validates secret values; their content never appears in a message.
func checkSecrets(f connector.Factory, in map[string]string, requireAll bool) (map[string]string, error) {
	out := map[string]string{}
	for key, val := range in {
		if !hasField(f.Secrets, key) {
			return nil, inputErr(key, fmt.Sprintf("%s has no secret field %q: it takes %s", f.Label, key, fieldKeys(f.Secrets)))
		}
		// Pasted keys often carry a trailing newline or spaces; keys never contain them.
		if val = strings.TrimSpace(val); val != "" {
			out[key] = val
		}
	}
	if len(out) == 0 && !requireAll {
		return out, nil
	}
	for _, s := range f.Secrets {
		if s.Required && out[s.Key] == "" && requireAll {
			return nil, inputErr(s.Key, fmt.Sprintf("%s needs the %s (%s)", f.Label, s.Label, s.Key))
		}
	}
	return out, nil
}

func hasField(fields []connector.Field, key string) bool {
	return slices.ContainsFunc(fields, func(f connector.Field) bool { return f.Key == key })
}

func fieldKeys(fields []connector.Field) string {
	if len(fields) == 0 {
		return "none"
	}
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.Key
	}
	return strings.Join(keys, ", ")
}

// Add creates an integration. Secrets, when given, go to the keychain; if that
// fails the integration is not created, so nothing half-configured is left behind.
func (i *Integrations) Add(ctx context.Context, in IntegrationInput) (Integration, error) {
	w := i.w
	v, err := w.validate(in, in.Kind, len(in.Secrets) > 0)
	if err != nil {
		return Integration{}, err
	}
	if err := w.fileProfile(ctx, v); err != nil {
		return Integration{}, err
	}
	created, err := w.store.CreateIntegration(ctx, store.Integration{Name: v.name, Kind: string(v.factory.Kind),
		BaseURL: v.baseURL, Settings: v.settings, Concurrency: v.conc})
	if errors.Is(err, store.ErrNameTaken) {
		return Integration{}, inputErr("name", fmt.Sprintf("an integration named %q already exists: choose another name", v.name))
	}
	if err != nil {
		return Integration{}, err
	}
	if len(v.secrets) > 0 {
		if created, err = w.storeSecrets(ctx, created, v.secrets); err != nil {
			_ = w.store.DeleteIntegration(context.Background(), created.ID)
			return Integration{}, err
		}
	}
	return w.integrationDTO(created), nil
}

// Update edits name, base URL, settings and concurrency; non-empty secrets
// replace those fields in the keychain. A base URL on another server (scheme, host or
// port) removes the secrets not given again, and the answer's Notice says why: they were
// issued for the old server and must never be sent to the new one.
func (i *Integrations) Update(ctx context.Context, id int64, in IntegrationInput) (Integration, error) {
	w := i.w
	cur, err := w.lookup(ctx, id)
	if err != nil {
		return Integration{}, err
	}
	v, err := w.validate(in, cur.Kind, false)
	if err != nil {
		return Integration{}, err
	}
	if err := w.fileProfile(ctx, v); err != nil {
		return Integration{}, err
	}
	var notice string
	if !sameServer(cur.BaseURL, v.baseURL) {
		if notice, err = w.forgetSecretsForMove(ctx, &cur, v); err != nil {
			return Integration{}, err
		}
	}
	if len(v.secrets) > 0 {
		if cur, err = w.storeSecrets(ctx, cur, v.secrets); err != nil {
			return Integration{}, err
		}
	}
	cur.Name, cur.BaseURL, cur.Settings, cur.Concurrency = v.name, v.baseURL, v.settings, v.conc
	updated, err := w.store.UpdateIntegration(ctx, cur)
	if errors.Is(err, store.ErrNameTaken) {
		return Integration{}, inputErr("name", fmt.Sprintf("an integration named %q already exists: choose another name", v.name))
	}
	if err != nil {
		return Integration{}, err
	}
	dto := w.integrationDTO(updated)
	dto.Notice = notice
	return dto, nil
}

// forgetSecretsForMove removes from the keychain every secret of cur that v does not give
// again, before anything else changes: if that fails, the edit is refused, so the old
// secrets can never reach the new server. It returns the notice for the user ("" when
// nothing was stored). The name is checked first, so a taken name cannot leave the
// integration without its secrets and at its old address.
func (w *Workspace) forgetSecretsForMove(ctx context.Context, cur *store.Integration, v validated) (string, error) {
	if other, err := w.store.IntegrationByName(ctx, v.name); err == nil && other.ID != cur.ID {
		return "", inputErr("name", fmt.Sprintf("an integration named %q already exists: choose another name", v.name))
	}
	var stale []string
	for _, f := range v.factory.Secrets {
		stale = append(stale, f.Key)
	}
	stale = append(stale, cur.SecretFields...)
	slices.Sort(stale)
	stale = slices.DeleteFunc(slices.Compact(stale), func(k string) bool { _, again := v.secrets[k]; return again })
	hadStale := slices.ContainsFunc(cur.SecretFields, func(k string) bool { return slices.Contains(stale, k) })
	if len(stale) == 0 {
		return "", nil
	}
	if err := secrets.DeleteAll(ctx, w.opts.Secrets, cur.UID, stale); err != nil {
		return "", fmt.Errorf("the base URL moves to another server, but the old credentials could not be removed from the OS keychain, so nothing was changed: %w", err)
	}
	cur.SecretFields = slices.DeleteFunc(cur.SecretFields, func(k string) bool { return slices.Contains(stale, k) })
	if !hadStale {
		return "", nil
	}
	return fmt.Sprintf("The base URL moved to another server (%s), so the credentials of %s were removed: enter the credentials again.",
		hostOf(v.baseURL), hostOf(cur.BaseURL)), nil
}

// sameServer reports whether two base URLs reach the same origin (scheme, host, port),
// where a path or an explicit default port makes no difference.
func sameServer(a, b string) bool { return origin(a) == origin(b) }

func origin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return base // unparsable: only an identical string is the same server
	}
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// SetSecrets replaces secret fields in the keychain (a reset).
func (i *Integrations) SetSecrets(ctx context.Context, id int64, values map[string]string) error {
	w := i.w
	cur, err := w.lookup(ctx, id)
	if err != nil {
		return err
	}
	f, err := w.opts.Registry.Lookup(connector.Kind(cur.Kind))
	if err != nil {
		return err
	}
	clean, err := checkSecrets(f, values, false)
	if err != nil {
		return err
	}
	if len(clean) == 0 {
		return inputErr("secrets", fmt.Sprintf("no secret values given: %s takes %s", f.Label, fieldKeys(f.Secrets)))
	}
	_, err = w.storeSecrets(ctx, cur, clean)
	return err
}

func (w *Workspace) storeSecrets(ctx context.Context, in store.Integration, values map[string]string) (store.Integration, error) {
	if err := secrets.SetAll(ctx, w.opts.Secrets, in.UID, values); err != nil {
		return in, fmt.Errorf("could not save the credentials in the OS keychain: %w", err)
	}
	if w.push != nil {
		w.push.secretsStored(in.ID)
	}
	for k := range values {
		if !slices.Contains(in.SecretFields, k) {
			in.SecretFields = append(in.SecretFields, k)
		}
	}
	slices.Sort(in.SecretFields)
	updated, err := w.store.UpdateIntegration(ctx, in)
	if err != nil {
		return updated, err
	}
	if f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind)); err == nil {
		if err := w.noteSecretsIssued(ctx, updated, f, slices.Collect(maps.Keys(values))); err != nil {
			return updated, err
		}
	}
	return updated, nil
}

// Delete cancels its run, removes its keychain items, then its cache, runs and
// logs. Other integrations are untouched.
func (i *Integrations) Delete(ctx context.Context, id int64) error {
	w := i.w
	in, err := w.lookup(ctx, id)
	if err != nil {
		return err
	}
	if err := w.stopRuns(ctx, id); err != nil {
		return err
	}
	var fields []string
	f, lookupErr := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if lookupErr == nil {
		for _, s := range f.Secrets {
			fields = append(fields, s.Key)
		}
	}
	fields = append(fields, in.SecretFields...)
	slices.Sort(fields)
	if err := secrets.DeleteAll(ctx, w.opts.Secrets, in.UID, slices.Compact(fields)); err != nil {
		return fmt.Errorf("could not remove the credentials from the OS keychain, so the integration was kept: %w", err)
	}
	if err := w.store.DeleteIntegration(ctx, id); err != nil {
		return err
	}
	if lookupErr == nil {
		return w.forgetSecretsIssued(ctx, in, f)
	}
	return nil
}

// stopRuns cancels the integration's active run and waits for it to end.
func (w *Workspace) stopRuns(ctx context.Context, integrationID int64) error {
	runs, err := w.store.ActiveRuns(ctx)
	if err != nil {
		return err
	}
	for _, r := range runs {
		if r.IntegrationID != integrationID {
			continue
		}
		if !w.isOwner() {
			return fmt.Errorf("a sync of this integration is queued or running in the TrueUp that owns this data folder (%s): wait for it to end, or cancel it there, then try again",
				w.describeOwner(ctx))
		}
		_ = w.engine.Cancel(r.ID)
		wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := w.engine.Wait(wctx, r.ID)
		cancel()
		if err != nil {
			return fmt.Errorf("the integration's sync did not stop in time: try again in a moment")
		}
	}
	return nil
}

// credentials reads an integration's secrets for a run (syncengine.CredentialsFunc).
func (w *Workspace) credentials(ctx context.Context, in store.Integration, fields []connector.Field) (map[string]string, error) {
	var keys []string
	for _, f := range fields {
		if f.Required || slices.Contains(in.SecretFields, f.Key) {
			keys = append(keys, f.Key)
		}
	}
	vals, err := secrets.GetAll(ctx, w.opts.Secrets, in.UID, keys)
	var missing *secrets.MissingError
	if errors.As(err, &missing) {
		return nil, fmt.Errorf("the %s secret of %q is not in the keychain: set it with `trueup credentials set --integration %q` or in Integrations > Reset credentials", missing.Field, in.Name, in.Name)
	}
	return vals, err
}

// saveSecret stores a new value of one of in's secret fields, one the source rotated while
// a connector used it (connector.Config.SaveSecret). Only a field the kind declares as a
// secret is written, and the integration's list of stored fields keeps what it had.
func (w *Workspace) saveSecret(ctx context.Context, in store.Integration, key, value string) error {
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(f.Secrets, func(s connector.Field) bool { return s.Key == key }) {
		return fmt.Errorf("%s has no secret field %q", f.Label, key)
	}
	if err := secrets.SetAll(ctx, w.opts.Secrets, in.UID, map[string]string{key: value}); err != nil {
		return err
	}
	// The value is stored, which is what the run depends on. Should remembering its issue
	// time fail, the row keeps the previous (earlier) time and warns too early, never late.
	_ = w.noteSecretsIssued(ctx, in, f, []string{key})
	return nil
}

// Test checks the address and credentials and answers in words. The answer goes
// through a redactor that knows the integration's secrets and whatever the connector
// derives from them, so a server that echoes the request cannot put them on screen.
func (i *Integrations) Test(ctx context.Context, id int64) TestResult {
	w := i.w
	start := w.opts.Now()
	red := redact.New()
	res := func(ok bool, msg string) TestResult {
		return TestResult{OK: ok, Message: red.String(msg), DurationMs: w.opts.Now().Sub(start).Milliseconds()}
	}
	in, err := w.lookup(ctx, id)
	if err != nil {
		return res(false, err.Error())
	}
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return res(false, err.Error())
	}
	creds, err := w.credentials(ctx, in, f.Secrets)
	if err != nil {
		return res(false, err.Error())
	}
	for _, v := range creds {
		red.Add(v)
	}
	conn, err := f.New(connector.Config{Name: in.Name, BaseURL: in.BaseURL, Settings: in.Settings, Secrets: creds,
		HTTPClient: w.opts.HTTPClient, Concurrency: in.Concurrency, Limiter: w.engine.Limiter(in, f), Redact: red,
		SaveSecret: func(ctx context.Context, key, value string) error { return w.saveSecret(ctx, in, key, value) }})
	if err != nil {
		return res(false, "The settings need attention: "+err.Error())
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := conn.Test(tctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return res(false, fmt.Sprintf("%s did not answer within 30 seconds: check the base URL and your network", f.Label))
		}
		return res(false, connector.UserMessage(err))
	}
	if f.NoServer {
		return res(true, fmt.Sprintf("%s: the chosen file can be read and its columns were found.", f.Label))
	}
	return res(true, fmt.Sprintf("Connected to %s at %s: the credentials work.", f.Label, hostOf(in.BaseURL)))
}

func hostOf(base string) string {
	if _, rest, ok := strings.Cut(base, "://"); ok {
		host, _, _ := strings.Cut(rest, "/")
		return host
	}
	return base
}
